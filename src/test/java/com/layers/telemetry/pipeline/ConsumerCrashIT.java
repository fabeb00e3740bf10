package com.layers.telemetry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.layers.telemetry.support.Db;
import com.layers.telemetry.support.Kafka;
import com.layers.telemetry.support.ProcessStack;
import com.layers.telemetry.support.ServiceProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged service killed with SIGKILL while it is storing a stream, then started again: every event ends up
 * stored exactly once, and counted once in the user profiles (offsets are committed only after the batch's
 * transaction, and the redelivered records are deduplicated by their key before they touch any profile).
 */
class ConsumerCrashIT {
    private static final int EVENTS = 40_000;
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
    void killedMidStreamAndRestartedLosesAndDuplicatesNothing() {
        ServiceProcess service = stack.service();
        service.start("crash-it-1");
        Db.execute("INSERT INTO projects (id, name) VALUES ('prj_crash', 'Crash')");
        Db.execute(
                "INSERT INTO sdk_apps (project_id, id, name, platform) VALUES ('prj_crash', 'app_crash', 'A', 'ios')");

        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(EVENTS);
        for (int i = 0; i < EVENTS; i++) {
            String user = "u" + (i % 500);
            records.add(Kafka.record(
                    "sdk-events",
                    "prj_crash:" + user,
                    "{\"projectId\":\"prj_crash\",\"sdkAppId\":\"app_crash\","
                            + "\"event\":{\"name\":\"tick\",\"occurredAt\":\"2026-11-20T10:00:00Z\",\"appUserId\":\""
                            + user
                            + "\",\"eventId\":\"e" + i + "\",\"properties\":{\"i\":" + i + ",\"pad\":\""
                            + "x".repeat(300) + "\"}}}"));
        }
        Kafka.produce(records);

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> stored() >= 1_000);
        service.kill();
        long atKill = stored();
        assertThat(atKill).as("killed before the stream was fully stored").isLessThan(EVENTS);

        service.start("crash-it-2");
        await().atMost(Duration.ofSeconds(120)).until(() -> stored() == EVENTS);
        assertThat(Db.count("SELECT count(DISTINCT event_id) FROM sdk_events WHERE project_id = 'prj_crash'"))
                .isEqualTo(EVENTS);
        assertThat(Db.count("SELECT count(*) FROM event_keys WHERE project_id = 'prj_crash'"))
                .isEqualTo(EVENTS);
        assertThat(
                        Db.count(
                                "SELECT count(*) FROM sdk_events WHERE project_id = 'prj_crash' AND properties->>'i' <> substr(event_id, 2)"))
                .isZero();
        // Profiles and rollups were updated in the same transactions: redelivery counted nothing twice.
        assertThat(Db.count("SELECT sum(event_count) FROM user_profiles WHERE project_id = 'prj_crash'"))
                .isEqualTo(EVENTS);
        assertThat(Db.count("SELECT sum(n) FROM user_profiles, unnest(activity) n WHERE project_id = 'prj_crash'"))
                .isEqualTo(EVENTS);
        assertThat(Db.count("SELECT sum(users) FROM project_user_counts WHERE project_id = 'prj_crash'"))
                .isEqualTo(500);
        service.kill();
    }

    private static long stored() {
        return Db.count("SELECT count(*) FROM sdk_events WHERE project_id = 'prj_crash'");
    }
}
