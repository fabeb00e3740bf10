package com.layers.telemetry.conversions;

import com.layers.telemetry.common.SqlStatement;
import com.layers.telemetry.common.UnnestColumns;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;

/** {@code conversion_daily}: revenue-carrying events per project, UTC day, event name and currency. */
@ApplicationScoped
public class ConversionRepository {
    /** Each storage transaction adds to its own lane's rows, so concurrent batches never wait on one another here. */
    private static final String ADD = """
            INSERT INTO conversion_daily AS c (project_id, day, name, currency, lane, events, revenue)
            SELECT project_id, day, name, currency, $7, events, revenue::numeric
              FROM unnest($1::text[], $2::date[], $3::text[], $4::text[], $5::int8[], $6::text[])
                AS t(project_id, day, name, currency, events, revenue)
            ON CONFLICT (project_id, day, name, currency, lane) DO UPDATE SET
                events = c.events + EXCLUDED.events, revenue = c.revenue + EXCLUDED.revenue""";

    private static final String BETWEEN = """
            SELECT day, name, currency, sum(events)::int8 AS events, sum(revenue) AS revenue FROM conversion_daily
             WHERE project_id = $1 AND day >= $2 AND day < $3 GROUP BY day, name, currency ORDER BY day, name, currency""";

    private final Pool pool;

    public ConversionRepository(Pool pool) {
        this.pool = pool;
    }

    /** A rollup row's key, ordered as the primary key so concurrent batches lock rows in one order. */
    record Key(String projectId, LocalDate day, String name, String currency) implements Comparable<Key> {
        private static final Comparator<Key> ORDER = Comparator.comparing(Key::projectId)
                .thenComparing(Key::day)
                .thenComparing(Key::name)
                .thenComparing(Key::currency);

        @Override
        public int compareTo(Key o) {
            return ORDER.compare(this, o);
        }
    }

    record Sum(long events, BigDecimal revenue) {
        Sum plus(Sum other) {
            return new Sum(events + other.events, revenue.add(other.revenue));
        }
    }

    SqlStatement add(SortedMap<Key, Sum> sums, int lane) {
        UnnestColumns rows = new UnnestColumns(
                sums.size(), String.class, LocalDate.class, String.class, String.class, Long.class, String.class);
        sums.forEach((k, s) -> rows.add(
                k.projectId(),
                k.day(),
                k.name(),
                k.currency(),
                s.events(),
                s.revenue().toPlainString()));
        return new SqlStatement(ADD, rows.tuple().addInteger(lane));
    }

    public Uni<ConversionReport> between(String projectId, LocalDate since, LocalDate until) {
        return pool.preparedQuery(BETWEEN)
                .execute(Tuple.of(projectId, since, until))
                .map(rows -> {
                    List<ConversionReport.Row> out = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        out.add(new ConversionReport.Row(
                                r.getLocalDate("day").toString(),
                                r.getString("name"),
                                r.getString("currency"),
                                r.getLong("events"),
                                r.getBigDecimal("revenue")));
                    }
                    return new ConversionReport(since.toString(), until.toString(), out);
                });
    }
}
