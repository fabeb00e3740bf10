package com.layers.telemetry.relay;

import com.layers.telemetry.relay.platform.PlatformRequest;
import com.layers.telemetry.relay.platform.SendResult;
import io.smallrye.mutiny.Uni;

/**
 * Sends nothing: records the exact request it would have sent (secrets masked), readable through the deliveries
 * endpoint, and reports it sent. The local stack's default, so a newcomer sees what the relay would do.
 */
final class StubRelaySender implements RelaySender {
    @Override
    public Uni<SendResult> send(PlatformRequest request) {
        return Uni.createFrom()
                .item(new SendResult(
                        SendResult.Outcome.SENT,
                        null,
                        null,
                        "recorded by the stub sender, not sent",
                        null,
                        0,
                        request.masked()));
    }
}
