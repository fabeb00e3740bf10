package com.layers.telemetry.userdata;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

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
    Multi<Object> items(String projectId, String appUserId);
}
