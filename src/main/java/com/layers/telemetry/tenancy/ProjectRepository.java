package com.layers.telemetry.tenancy;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Projects. Never deleted, and their PII keys never change, so a project once seen, and its PII keys, are cached for
 * good. Only {@code limitedDataUse} changes, and the relay reads it from the table when it sends.
 */
@ApplicationScoped
public class ProjectRepository {
    private static final String COLUMNS = "id, name, pii_keys, limited_data_use, created_at";
    private static final String INSERT =
            "INSERT INTO projects (id, name, pii_keys, limited_data_use) VALUES ($1, $2, $3, $4) RETURNING " + COLUMNS;
    private static final String LIST = "SELECT " + COLUMNS + " FROM projects ORDER BY created_at, id";
    private static final String FIND = "SELECT " + COLUMNS + " FROM projects WHERE id = $1";
    private static final String SET_LIMITED_DATA_USE =
            "UPDATE projects SET limited_data_use = $2 WHERE id = $1 RETURNING " + COLUMNS;

    private final Pool pool;
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private final Map<String, List<String>> piiKeys = new ConcurrentHashMap<>();

    public ProjectRepository(Pool pool) {
        this.pool = pool;
    }

    /** Fails with the database's unique violation when the id is taken. */
    public Uni<Project> create(String id, String name, List<String> piiKeys, boolean limitedDataUse) {
        String[] keys = piiKeys == null ? new String[0] : piiKeys.toArray(String[]::new);
        return pool.preparedQuery(INSERT)
                .execute(Tuple.of(id, name, keys, limitedDataUse))
                .map(rows -> map(rows.iterator().next()))
                .invoke(this::remember);
    }

    /** The project as changed, or empty when there is none. */
    public Uni<Optional<Project>> setLimitedDataUse(String id, boolean limitedDataUse) {
        return pool.preparedQuery(SET_LIMITED_DATA_USE)
                .execute(Tuple.of(id, limitedDataUse))
                .map(rows -> rows.size() == 0
                        ? Optional.<Project>empty()
                        : Optional.of(map(rows.iterator().next())));
    }

    public Uni<List<Project>> list() {
        return pool.query(LIST).execute().map(rows -> {
            List<Project> out = new ArrayList<>();
            rows.forEach(r -> out.add(map(r)));
            return out;
        });
    }

    public Uni<Optional<Project>> find(String id) {
        return pool.preparedQuery(FIND).execute(Tuple.of(id)).map(rows -> {
            if (rows.size() == 0) {
                return Optional.<Project>empty();
            }
            Project p = map(rows.iterator().next());
            remember(p);
            return Optional.of(p);
        });
    }

    public Uni<Boolean> exists(String id) {
        return known.contains(id) ? Uni.createFrom().item(true) : find(id).map(Optional::isPresent);
    }

    /** The project's own PII property keys (on top of the built-in ones); empty for an unknown project. */
    public Uni<List<String>> piiKeys(String id) {
        List<String> hit = piiKeys.get(id);
        return hit != null
                ? Uni.createFrom().item(hit)
                : find(id).map(p -> p.map(Project::piiKeys).orElse(List.of()));
    }

    private void remember(Project p) {
        known.add(p.id());
        piiKeys.put(p.id(), p.piiKeys());
    }

    private static Project map(Row r) {
        return new Project(
                r.getString("id"),
                r.getString("name"),
                Arrays.asList(r.getArrayOfStrings("pii_keys")),
                r.getBoolean("limited_data_use"),
                r.getOffsetDateTime("created_at"));
    }
}
