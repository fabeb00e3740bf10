package com.layers.telemetry.ingest;

import com.layers.telemetry.common.ApiException;
import com.layers.telemetry.event.Event;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusMock;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.inject.Vetoed;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** For one test: the next publish answers as an unreachable Kafka does (503), later ones publish for real. */
public final class KafkaOutage {
    private KafkaOutage() {}

    /** Installs the outage; the flag turns true once a publish was refused. */
    public static AtomicBoolean onNextPublish() {
        EventPublisher real = ClientProxy.unwrap(
                Arc.container().instance(EventPublisher.class).get());
        FailsOnce failing = new FailsOnce(real);
        QuarkusMock.installMockForType(failing, EventPublisher.class);
        return failing.failed;
    }

    @Vetoed
    static final class FailsOnce extends EventPublisher {
        private final EventPublisher real;
        final AtomicBoolean failed = new AtomicBoolean();

        FailsOnce(EventPublisher real) {
            super(null, null, null);
            this.real = real;
        }

        @Override
        Uni<Void> publish(String projectId, String sdkAppId, Instant receivedAt, List<Event> events) {
            if (failed.compareAndSet(false, true)) {
                return Uni.createFrom()
                        .failure(ApiException.unavailable(
                                "Event storage is temporarily unavailable; the batch was not accepted",
                                "Retry the same batch",
                                Duration.ofSeconds(1)));
            }
            return real.publish(projectId, sdkAppId, receivedAt, events);
        }
    }
}
