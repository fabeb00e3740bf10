package com.layers.telemetry.admin;

import com.layers.telemetry.common.ApiException;
import com.layers.telemetry.common.ErrorCode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

@ApplicationScoped
public class ProjectRepository {
    private final Pool pool;
    /** Projects are never deleted, so a project once seen exists for good: no query per request for it. */
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    /** Set at creation and never edited, so cached for good. */
    private final java.util.Map<String, String[]> piiKeys = new ConcurrentHashMap<>();

    public ProjectRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Project> create(String id, String name, List<String> piiKeys) {
        String[] keys = piiKeys == null ? new String[0] : piiKeys.toArray(String[]::new);
        return pool.preparedQuery("INSERT INTO projects (id, name, pii_keys) VALUES ($1, $2, $3) RETURNING id, name, pii_keys, created_at")
                .execute(Tuple.of(id, name, keys))
                .map(rows -> map(rows.iterator().next()))
                .invoke(p -> known.add(p.id()))
                .onFailure(PgErrors::isUniqueViolation)
                .transform(e -> new ApiException(ErrorCode.CONFLICT, "Project " + id + " already exists"));
    }

    public Uni<List<Project>> list() {
        return pool.query("SELECT id, name, pii_keys, created_at FROM projects ORDER BY created_at, id").execute()
                .map(rows -> {
                    List<Project> out = new java.util.ArrayList<>();
                    rows.forEach(r -> out.add(map(r)));
                    return out;
                });
    }

    public Uni<Project> find(String id) {
        return pool.preparedQuery("SELECT id, name, pii_keys, created_at FROM projects WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw notFound(id);
                    }
                    return map(rows.iterator().next());
                });
    }

    /** The project's own PII property keys (on top of the built-in ones); read once, then cached. */
    public Uni<String[]> piiKeys(String id) {
        String[] hit = piiKeys.get(id);
        if (hit != null) {
            return Uni.createFrom().item(hit);
        }
        return pool.preparedQuery("SELECT pii_keys FROM projects WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> {
                    String[] keys = rows.size() == 0 ? new String[0] : rows.iterator().next().getArrayOfStrings("pii_keys");
                    piiKeys.put(id, keys);
                    return keys;
                });
    }

    /** Fails with 404 {@code NOT_FOUND} unless the project exists. */
    public Uni<Void> requireExists(String id) {
        return exists(id).chain(found -> found ? Uni.createFrom().voidItem() : Uni.createFrom().failure(notFound(id)));
    }

    /** The one answer for a project that does not exist, or that the key may not touch. */
    public static ApiException notFound(String id) {
        return ApiException.notFound("Project " + id + " not found");
    }

    public Uni<Boolean> exists(String id) {
        if (known.contains(id)) {
            return Uni.createFrom().item(true);
        }
        return pool.preparedQuery("SELECT 1 FROM projects WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() > 0)
                .invoke(found -> {
                    if (found) {
                        known.add(id);
                    }
                });
    }

    private static Project map(Row r) {
        return new Project(r.getString("id"), r.getString("name"), java.util.Arrays.asList(r.getArrayOfStrings("pii_keys")),
                r.getOffsetDateTime("created_at"));
    }
}
