package com.layers.telemetry.tenancy;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class SdkAppRepository {
    private static final String COLUMNS =
            "id, project_id, name, platform, rate_limit_per_second, rate_limit_burst, created_at";
    private static final String INSERT = "INSERT INTO sdk_apps (project_id, id, name, platform, rate_limit_per_second, "
            + "rate_limit_burst) VALUES ($1, $2, $3, $4, $5, $6) RETURNING " + COLUMNS;
    private static final String LIST =
            "SELECT " + COLUMNS + " FROM sdk_apps WHERE project_id = $1 ORDER BY created_at, id";
    private static final String FIND = "SELECT " + COLUMNS + " FROM sdk_apps WHERE project_id = $1 AND id = $2";

    private final Pool pool;

    public SdkAppRepository(Pool pool) {
        this.pool = pool;
    }

    /** Fails with the database's unique violation when the id is taken in the project. */
    public Uni<SdkApp> create(String projectId, String id, String name, String platform, SdkApp.RateLimit limit) {
        Integer perSecond = limit != null ? limit.eventsPerSecond() : null;
        Integer burst = limit != null ? limit.burst() : null;
        return pool.preparedQuery(INSERT)
                .execute(Tuple.of(projectId, id, name, platform, perSecond, burst))
                .map(rows -> map(rows.iterator().next()));
    }

    public Uni<List<SdkApp>> list(String projectId) {
        return pool.preparedQuery(LIST).execute(Tuple.of(projectId)).map(rows -> {
            List<SdkApp> out = new ArrayList<>();
            rows.forEach(r -> out.add(map(r)));
            return out;
        });
    }

    public Uni<Optional<SdkApp>> find(String projectId, String id) {
        return pool.preparedQuery(FIND)
                .execute(Tuple.of(projectId, id))
                .map(rows -> rows.size() == 0
                        ? Optional.<SdkApp>empty()
                        : Optional.of(map(rows.iterator().next())));
    }

    private static SdkApp map(Row r) {
        Integer perSecond = r.getInteger("rate_limit_per_second");
        Integer burst = r.getInteger("rate_limit_burst");
        SdkApp.RateLimit limit = perSecond == null && burst == null ? null : new SdkApp.RateLimit(perSecond, burst);
        return new SdkApp(
                r.getString("id"),
                r.getString("project_id"),
                r.getString("name"),
                r.getString("platform"),
                limit,
                r.getOffsetDateTime("created_at"));
    }
}
