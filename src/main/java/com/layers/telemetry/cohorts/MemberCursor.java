package com.layers.telemetry.cohorts;

import com.layers.telemetry.common.OpaqueCursor;

/** The opaque keyset cursor of a cohort's members (user id order), valid for that cohort only. */
record MemberCursor(String cohortId, String appUserId) {
    private static final String LISTING = "cohort-members";

    String encode(String projectId) {
        return OpaqueCursor.encode(LISTING, projectId, cohortId, appUserId);
    }

    /** The user to continue after; null for a blank cursor. 400 for one of another cohort. */
    static String decode(String cursor, String projectId, String cohortId) {
        MemberCursor c = OpaqueCursor.decode(cursor, LISTING, projectId, 2, p -> new MemberCursor(p.get(0), p.get(1)));
        if (c == null) {
            return null;
        }
        if (!c.cohortId().equals(cohortId)) {
            // Same message as any cursor this listing did not return.
            return OpaqueCursor.decode("!", LISTING, projectId, 2, p -> null);
        }
        return c.appUserId();
    }
}
