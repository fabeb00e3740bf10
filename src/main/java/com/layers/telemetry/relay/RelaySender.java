package com.layers.telemetry.relay;

import com.layers.telemetry.relay.platform.PlatformRequest;
import com.layers.telemetry.relay.platform.SendResult;
import io.smallrye.mutiny.Uni;

/** Delivers one request to a platform and says what came of it; never fails (failures are results). */
interface RelaySender {
    Uni<SendResult> send(PlatformRequest request);
}
