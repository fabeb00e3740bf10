package com.layers.telemetry.cohorts;

import com.layers.telemetry.common.OpaqueCursor;

/**
 * The opaque keyset cursor of a cohort's members (user id order). The listing's name holds the cohort, so the
 * checksum refuses a cursor of another cohort as it refuses one of another listing.
 */
final class MemberCursor {
    private MemberCursor() {}

    private static String listing(String cohortId) {
        return "cohort-members/" + cohortId;
    }

    static String encode(String projectId, String cohortId, String appUserId) {
        return OpaqueCursor.encode(listing(cohortId), projectId, appUserId);
    }

    /** The user to continue after; null for a blank cursor. */
    static String decode(String cursor, String projectId, String cohortId) {
        return OpaqueCursor.decode(cursor, listing(cohortId), projectId, 1, p -> p.get(0));
    }
}
