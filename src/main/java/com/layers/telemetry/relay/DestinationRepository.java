package com.layers.telemetry.relay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.layers.telemetry.common.Jsonb;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code relay_destinations}. Tokens go in encrypted and come out only to the relay worker. */
@ApplicationScoped
class DestinationRepository {
    private static final String COLUMNS = """
            project_id, sdk_app_id, destination, target_id, access_token, test_event_code, store_app_id, enabled,
            event_mapping, forward_unmapped, created_at, updated_at""";
    private static final String UPSERT = """
            INSERT INTO relay_destinations (project_id, sdk_app_id, destination, target_id, access_token, test_event_code,
                                            store_app_id, enabled, event_mapping, forward_unmapped)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text::jsonb, $10)
            ON CONFLICT (project_id, sdk_app_id, destination) DO UPDATE SET
                target_id = EXCLUDED.target_id, access_token = EXCLUDED.access_token,
                test_event_code = EXCLUDED.test_event_code, store_app_id = EXCLUDED.store_app_id,
                enabled = EXCLUDED.enabled, event_mapping = EXCLUDED.event_mapping,
                forward_unmapped = EXCLUDED.forward_unmapped, updated_at = now()
            RETURNING""" + " " + COLUMNS;
    private static final String LIST = "SELECT " + COLUMNS + " FROM relay_destinations WHERE project_id = $1 AND sdk_app_id = $2 ORDER BY destination";
    private static final String DELETE = "DELETE FROM relay_destinations WHERE project_id = $1 AND sdk_app_id = $2 AND destination = $3";
    /** What the worker needs to send: the destination with its token, and the app's platform (for extinfo). */
    private static final String FOR_SENDING = """
            SELECT d.project_id, d.sdk_app_id, d.destination, d.target_id, d.access_token, d.test_event_code, d.store_app_id,
                   d.enabled, d.event_mapping, d.forward_unmapped, d.created_at, d.updated_at, a.platform
              FROM relay_destinations d JOIN sdk_apps a ON a.project_id = d.project_id AND a.id = d.sdk_app_id
             WHERE (d.project_id, d.sdk_app_id, d.destination) IN (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]))""";

    private final Pool pool;
    private final ObjectMapper mapper;

    DestinationRepository(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    /** A destination row: its view, its sealed token, the app's platform. */
    record Stored(Destination view, byte[] sealedToken, String appPlatform) {
    }

    Uni<Destination> upsert(String projectId, String sdkAppId, Platform platform, String target, byte[] sealedToken,
            DestinationRequest r) {
        Tuple args = Tuple.tuple(java.util.Arrays.asList(projectId, sdkAppId, platform.id(), target,
                io.vertx.core.buffer.Buffer.buffer(sealedToken), r.testEventCode(), r.appId(), r.enabled() == null || r.enabled(),
                Jsonb.text(mapper, mapper.valueToTree(r.eventMapping() == null ? Map.of() : r.eventMapping())),
                Boolean.TRUE.equals(r.forwardUnmapped())));
        return pool.preparedQuery(UPSERT).execute(args).map(rows -> map(rows.iterator().next()).view());
    }

    Uni<List<Destination>> list(String projectId, String sdkAppId) {
        return pool.preparedQuery(LIST).execute(Tuple.of(projectId, sdkAppId)).map(rows -> {
            List<Destination> out = new ArrayList<>();
            rows.forEach(r -> out.add(map(r).view()));
            return out;
        });
    }

    Uni<Void> delete(String projectId, String sdkAppId, Platform platform) {
        return pool.preparedQuery(DELETE).execute(Tuple.of(projectId, sdkAppId, platform.id())).replaceWithVoid();
    }

    /** Destinations by (project, app, destination id), read inside the worker's transaction. */
    Uni<Map<String, Stored>> forSending(SqlConnection tx, List<String[]> keys) {
        String[] projects = keys.stream().map(k -> k[0]).toArray(String[]::new);
        String[] apps = keys.stream().map(k -> k[1]).toArray(String[]::new);
        String[] destinations = keys.stream().map(k -> k[2]).toArray(String[]::new);
        return tx.preparedQuery(FOR_SENDING).execute(Tuple.of(projects, apps, destinations)).map(rows -> {
            Map<String, Stored> out = new LinkedHashMap<>();
            for (Row r : rows) {
                Stored s = map(r);
                out.put(key(r.getString("project_id"), r.getString("sdk_app_id"), r.getString("destination")),
                        new Stored(s.view(), s.sealedToken(), r.getString("platform")));
            }
            return out;
        });
    }

    static String key(String projectId, String sdkAppId, String destination) {
        return projectId + '\u0000' + sdkAppId + '\u0000' + destination;
    }

    private Stored map(Row r) {
        boolean meta = Platform.META.id().equals(r.getString("destination"));
        Map<String, String> mapping = new LinkedHashMap<>();
        JsonObject json = (JsonObject) r.getValue("event_mapping");
        json.forEach(e -> mapping.put(e.getKey(), e.getValue() == null ? null : e.getValue().toString()));
        Destination view = new Destination(r.getString("destination"), r.getString("project_id"), r.getString("sdk_app_id"),
                meta ? r.getString("target_id") : null, meta ? null : r.getString("target_id"), r.getString("store_app_id"),
                Destination.MASK, r.getString("test_event_code"), r.getBoolean("enabled"), mapping,
                r.getBoolean("forward_unmapped"), r.getOffsetDateTime("created_at"), r.getOffsetDateTime("updated_at"));
        return new Stored(view, r.getBuffer("access_token").getBytes(), null);
    }
}
