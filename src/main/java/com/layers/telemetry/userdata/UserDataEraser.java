package com.layers.telemetry.userdata;

import com.layers.telemetry.common.SqlStatement;
import java.time.Instant;
import java.util.List;

/**
 * A feature's part of an erasure: the statements that erase what it keeps about users. An erasure request finds every
 * implementation ({@code @All}), so a table added later is erased by adding its feature's statements here.
 *
 * <p>Per sweep, the request first runs every {@link #eraseUsers} statement, then, chunk by chunk of the users' events
 * received before the request, every {@link #eraseEvents} statement, each chunk in one transaction with the events'
 * own deletion. Every statement returns one row whose columns count what it erased by kind ({@code "profiles"},
 * {@code "relayDeliveries"}…): the request's {@code erased} object sums them. A statement must be safe to run again
 * (a request taken over after a crash repeats its last chunk).
 */
public interface UserDataEraser {
    /**
     * What the feature keeps per user, run before the users' events are erased (a statement may read them).
     *
     * @param erasedBefore the request's time: events received since are a returning user's, not the request's
     */
    default List<SqlStatement> eraseUsers(String projectId, List<String> appUserIds, Instant erasedBefore) {
        return List.of();
    }

    /** What the feature keeps per event, for a chunk of the users' events about to be erased. */
    default List<SqlStatement> eraseEvents(String projectId, EventChunk chunk) {
        return List.of();
    }
}
