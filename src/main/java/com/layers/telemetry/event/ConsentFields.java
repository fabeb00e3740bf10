package com.layers.telemetry.event;

import java.util.List;

/**
 * The fields of a consent snapshot ({@code context.consent}, or a {@code consent_updated} event's properties), each a
 * boolean or absent.
 */
public final class ConsentFields {
    /** The purposes a user consents to; a snapshot names each, null when not given. */
    public static final List<String> PURPOSES = List.of("analytics", "marketing", "personalization");
    /** The user asks that platforms limit their use of the user's data (CCPA); kept only when given. */
    public static final String LIMITED_DATA_USE = "limitedDataUse";
    /** Every field a snapshot may carry. */
    public static final List<String> ALL = List.of("analytics", "marketing", "personalization", LIMITED_DATA_USE);

    private ConsentFields() {}
}
