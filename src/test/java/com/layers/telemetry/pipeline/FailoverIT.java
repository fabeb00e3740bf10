package com.layers.telemetry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.layers.telemetry.support.Db;
import com.layers.telemetry.support.Kafka;
import com.layers.telemetry.support.ProcessStack;
import com.layers.telemetry.support.ServiceProcess;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two packaged instances share the partitions. When one dies (kill -9) or is stopped (SIGTERM), the other stores
 * the dead one's partitions within 10 s, not after Kafka's default 45 s session timeout.
 */
class FailoverIT {
    private static final Duration TARGET = Duration.ofSeconds(10);
    private static ProcessStack stack;

    @BeforeAll
    static void stack() {
        stack = ProcessStack.start();
    }

    @AfterAll
    static void teardown() {
        stack.stop();
    }

    @Test
    void theSurvivorTakesOverWithinTenSeconds() {
        ServiceProcess a = stack.service();
        ServiceProcess b = stack.service();
        a.start("failover-it-a1");
        Db.execute("INSERT INTO projects (id, name) VALUES ('prj_fo', 'Failover')");
        Db.execute("INSERT INTO sdk_apps (project_id, id, name, platform) VALUES ('prj_fo', 'app_fo', 'A', 'ios')");
        b.start("failover-it-b1");
        // Both consumers own partitions once a round of events on every partition is stored by the pair.
        produceAndAwait("warm", Duration.ofSeconds(60));

        a.kill();
        Duration afterKill = produceAndAwait("after-kill", Duration.ofSeconds(90));
        assertThat(afterKill)
                .as("storage resumed after kill -9 of one instance")
                .isLessThanOrEqualTo(TARGET);

        a.start("failover-it-a2");
        produceAndAwait("rejoined", Duration.ofSeconds(60));
        b.stop();
        Duration afterStop = produceAndAwait("after-stop", Duration.ofSeconds(90));
        assertThat(afterStop)
                .as("storage resumed after SIGTERM of one instance")
                .isLessThanOrEqualTo(TARGET);
        a.kill();
    }

    /** 120 events over 120 users (every partition); the time until all are stored. */
    private static Duration produceAndAwait(String run, Duration atMost) {
        Instant start = Instant.now();
        String at = start.minus(1, ChronoUnit.MINUTES)
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            records.add(Kafka.record(
                    "sdk-events",
                    "prj_fo:" + run + i,
                    "{\"projectId\":\"prj_fo\",\"sdkAppId\":\"app_fo\",\"event\":"
                            + "{\"name\":\"tick\",\"occurredAt\":\"" + at + "\",\"appUserId\":\"" + run + i
                            + "\",\"eventId\":\"" + run + "-" + i + "\"}}"));
        }
        Kafka.produce(records);
        await().atMost(atMost)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> Db.count(
                                "SELECT count(*) FROM sdk_events WHERE project_id = 'prj_fo' AND event_id LIKE ?",
                                run + "-%")
                        == 120);
        return Duration.between(start, Instant.now());
    }
}
