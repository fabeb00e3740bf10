package com.layers.telemetry.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.layers.telemetry.support.LogCapture;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import jakarta.inject.Inject;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A green run's ERROR lines mean something: the SQL pool's known timer race is counted, not logged; the rest are. */
@QuarkusTest
class UncaughtVertxErrorsTest {
    @Inject
    Vertx vertx;

    @Inject
    UncaughtVertxErrors errors;

    @Test
    void thePoolsTimerFiringAfterAFailedQueryIsNotAnError() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Pool unreachable = PgBuilder.pool()
                .using(vertx)
                .connectingTo(new PgConnectOptions()
                        .setHost("127.0.0.1")
                        .setPort(closedPort)
                        .setDatabase("x")
                        .setUser("x"))
                .with(new PoolOptions().setConnectionTimeout(200).setConnectionTimeoutUnit(TimeUnit.MILLISECONDS))
                .build();
        long before = errors.poolTimerRaces();
        LogCapture log = new LogCapture().start();
        try {
            Throwable failure = unreachable
                    .query("SELECT 1")
                    .execute()
                    .toCompletionStage()
                    .toCompletableFuture()
                    .handle((rows, e) -> e)
                    .get(5, TimeUnit.SECONDS);
            assertThat(failure).as("the caller gets the connection error").isNotNull();
            await().atMost(Duration.ofSeconds(5)).until(() -> errors.poolTimerRaces() > before);
        } finally {
            unreachable.close();
        }
        List<String> lines = log.stop();
        assertThat(lines)
                .noneMatch(l ->
                        (l.startsWith("ERROR") || l.startsWith("SEVERE")) && l.contains("Result is already complete"));
    }

    @Test
    void everyOtherUncaughtExceptionIsStillAnError() {
        LogCapture log = new LogCapture().start();
        try {
            vertx.runOnContext(v -> {
                throw new IllegalStateException(
                        "UncaughtVertxErrorsTest: an uncaught exception that must still be logged as an ERROR");
            });
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> log.lines().stream()
                            .anyMatch(l -> (l.startsWith("ERROR") || l.startsWith("SEVERE"))
                                    && l.contains("must still be logged as an ERROR")));
        } finally {
            log.stop();
        }
    }
}
