package com.layers.telemetry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.layers.telemetry.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PartitionMaintenanceTest {
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy_MM");

    private static boolean exists(String table) {
        return Db.count("SELECT count(*) FROM pg_class WHERE relname = ?", table) == 1;
    }

    @Test
    void monthsAheadExistAtStart() {
        LocalDate now = LocalDate.now(ZoneOffset.UTC);
        for (int i = 0; i <= 3; i++) {
            assertThat(exists("sdk_events_" + now.plusMonths(i).format(MONTH)))
                    .as("month +" + i)
                    .isTrue();
        }
    }

    @Test
    void retentionDropsWholeMonthsAndKeepsDedupKeys() {
        Db.execute("SELECT ensure_sdk_events_partitions('2001-01-01', 3)");
        Db.execute("INSERT INTO sdk_events (project_id, sdk_app_id, event_id, name, occurred_at, received_at, source) "
                + "VALUES ('p_old', 'a', 'e1', 'n', '2001-02-10T00:00:00Z', now(), 'test')");
        Db.execute("INSERT INTO event_keys VALUES ('p_old', 'a', 'e1', '2001-02-10T00:00:00Z')");
        assertThat(exists("sdk_events_2001_02")).isTrue();

        long dropped = Db.count("SELECT drop_sdk_events_partitions_before('2001-03-01')");
        assertThat(dropped).isEqualTo(2);
        assertThat(exists("sdk_events_2001_01")).isFalse();
        assertThat(exists("sdk_events_2001_02")).isFalse();
        assertThat(exists("sdk_events_2001_03")).isTrue();
        assertThat(Db.count("SELECT count(*) FROM sdk_events WHERE project_id = 'p_old'"))
                .isZero();
        // A resend of a dropped event is still a duplicate.
        assertThat(Db.count("SELECT count(*) FROM event_keys WHERE project_id = 'p_old'"))
                .isEqualTo(1);
        Db.execute("SELECT drop_sdk_events_partitions_before('2001-04-01')");
    }
}
