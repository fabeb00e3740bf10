package com.layers.telemetry.auth;

import java.util.Set;

/** Scopes carried in the space-separated {@code scope} claim. */
public final class Scopes {
    public static final String EVENTS_WRITE = "events:write";
    public static final String EVENTS_READ = "events:read";
    /** Implies {@link #EVENTS_READ}, and un-redacts PII. */
    public static final String EVENTS_READ_PII = "events:read+pii";

    /** Privacy requests and the suppression list, reads included. */
    public static final String PRIVACY_WRITE = "privacy:write";

    /** Creating, changing and deleting cohorts (reading them takes {@link #EVENTS_READ}). */
    public static final String COHORTS_WRITE = "cohorts:write";

    public static final String ADMIN = "admin";
    public static final Set<String> ALL =
            Set.of(EVENTS_WRITE, EVENTS_READ, EVENTS_READ_PII, PRIVACY_WRITE, COHORTS_WRITE, ADMIN);
    /** A {@code projects} claim entry that lets a key touch every project. */
    public static final String ANY_PROJECT = "*";

    private Scopes() {}
}
