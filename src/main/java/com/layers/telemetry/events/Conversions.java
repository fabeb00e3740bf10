package com.layers.telemetry.events;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Aggregated conversions (events carrying revenue) per UTC day, event name and currency, from the rollup. */
@ApplicationScoped
public class Conversions {
    private final Pool pool;

    public Conversions(Pool pool) {
        this.pool = pool;
    }

    /** {@code currency} is {@code XXX} (ISO 4217 "no currency") for revenue sent without one. */
    public record Row(String day, String eventName, String currency, long count, BigDecimal revenue) {
    }

    public record Report(String since, String until, List<Row> data) {
    }

    public Uni<Report> between(String projectId, LocalDate since, LocalDate until) {
        return pool.preparedQuery("""
                        SELECT day, name, currency, events, revenue FROM conversion_daily
                         WHERE project_id = $1 AND day >= $2 AND day < $3 ORDER BY day, name, currency""")
                .execute(Tuple.of(projectId, since, until))
                .map(rows -> {
                    List<Row> out = new ArrayList<>(rows.size());
                    for (io.vertx.mutiny.sqlclient.Row r : rows) {
                        out.add(new Row(r.getLocalDate("day").toString(), r.getString("name"), r.getString("currency"),
                                r.getLong("events"), r.getBigDecimal("revenue")));
                    }
                    return new Report(since.toString(), until.toString(), out);
                });
    }
}
