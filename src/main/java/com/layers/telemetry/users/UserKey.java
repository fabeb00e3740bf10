package com.layers.telemetry.users;

/** A profile's primary key, ordered like the database's ("C" collation: code points). */
record UserKey(String projectId, String appUserId) implements Comparable<UserKey> {
    @Override
    public int compareTo(UserKey o) {
        int c = projectId.compareTo(o.projectId);
        return c != 0 ? c : appUserId.compareTo(o.appUserId);
    }
}
