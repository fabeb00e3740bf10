package com.layers.telemetry.admin;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SDK apps by (project, id) for the hot paths. Apps are never deleted or edited in place, so a found app is cached
 * for good; a miss is asked again next time (the app may have been created since).
 */
@ApplicationScoped
public class SdkAppDirectory {
    private final Pool pool;
    private final Map<String, AppLimits> cache = new ConcurrentHashMap<>();

    public SdkAppDirectory(Pool pool) {
        this.pool = pool;
    }

    /** An app's own ingest limits; nulls mean the configured defaults. */
    public record AppLimits(Integer eventsPerSecond, Integer burst) {
    }

    public Uni<Optional<AppLimits>> find(String projectId, String appId) {
        String cacheKey = projectId + '\u0000' + appId;
        AppLimits hit = cache.get(cacheKey);
        if (hit != null) {
            return Uni.createFrom().item(Optional.of(hit));
        }
        return pool.preparedQuery("SELECT rate_limit_per_second, rate_limit_burst FROM sdk_apps WHERE project_id = $1 AND id = $2")
                .execute(Tuple.of(projectId, appId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.<AppLimits>empty();
                    }
                    Row r = rows.iterator().next();
                    AppLimits limits = new AppLimits(r.getInteger("rate_limit_per_second"), r.getInteger("rate_limit_burst"));
                    cache.put(cacheKey, limits);
                    return Optional.of(limits);
                });
    }
}
