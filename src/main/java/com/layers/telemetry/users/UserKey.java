package com.layers.telemetry.users;

import java.util.Comparator;

/** A profile's primary key, ordered like the database's ("C" collation: code points). */
record UserKey(String projectId, String appUserId) implements Comparable<UserKey> {
    private static final Comparator<UserKey> ORDER = Comparator.comparing(UserKey::projectId).thenComparing(UserKey::appUserId);

    @Override
    public int compareTo(UserKey o) {
        return ORDER.compare(this, o);
    }
}
