package com.layers.telemetry.privacy;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What a privacy request does (README, Privacy). */
enum PrivacyRequestType {
    DELETE("delete", false, true, false),
    SUPPRESS("suppress", true, false, false),
    SUPPRESS_AND_DELETE("suppress_and_delete", true, true, false),
    UNSUPPRESS("unsuppress", false, false, true);

    final String id;
    final boolean suppresses;
    final boolean erases;
    final boolean unsuppresses;

    PrivacyRequestType(String id, boolean suppresses, boolean erases, boolean unsuppresses) {
        this.id = id;
        this.suppresses = suppresses;
        this.erases = erases;
        this.unsuppresses = unsuppresses;
    }

    static final List<String> IDS = Arrays.stream(values()).map(t -> t.id).toList();

    static Optional<PrivacyRequestType> of(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
    }
}
