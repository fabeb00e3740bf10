package com.layers.telemetry.relay;

import io.smallrye.mutiny.Uni;

/** Delivers one request to a platform and says what came of it; never fails (failures are results). */
interface RelaySender {
    Uni<SendResult> send(PlatformRequest request);
}
