package com.layers.telemetry.userdata;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A feature's part of a user's export (GET …/users/{appUserId}/export): one field of the document, written in
 * {@link #position} order. An array field's items are streamed as they are read, so a user with any number of events
 * is exported in bounded memory.
 */
public interface UserDataExport {
    String field();

    int position();

    /** Whether the field is an array of items; otherwise its value is the one item (null without one). */
    boolean array();

    /** Whether the feature holds anything about the user. */
    Uni<Boolean> holds(String projectId, String appUserId);

    /** The field's items, serialised as the feature's reads answer them (PII unredacted). */
    Multi<?> items(String projectId, String appUserId);

    /** Whether {@code rows} ($1 the project, $2 the app user id) finds any row: the usual {@link #holds}. */
    static Uni<Boolean> any(Pool pool, String rows, String projectId, String appUserId) {
        return pool.preparedQuery("SELECT EXISTS (" + rows + ") AS found")
                .execute(Tuple.of(projectId, appUserId))
                .map(found -> found.iterator().next().getBoolean("found"));
    }
}
