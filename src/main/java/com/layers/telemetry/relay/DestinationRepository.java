package com.layers.telemetry.relay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.layers.telemetry.common.Jsonb;
import com.layers.telemetry.relay.platform.PlatformAdapter;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code relay_destinations}. Tokens go in encrypted and come out only to the relay worker. */
@ApplicationScoped
class DestinationRepository {
    private static final String COLUMNS = """
            project_id, sdk_app_id, destination, target_id, access_token, test_event_code, settings, enabled,
            event_mapping, forward_unmapped, created_at, updated_at""";
    private static final String UPSERT = """
            INSERT INTO relay_destinations (project_id, sdk_app_id, destination, target_id, access_token, test_event_code,
                                            settings, enabled, event_mapping, forward_unmapped)
            VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8, $9::text::jsonb, $10)
            ON CONFLICT (project_id, sdk_app_id, destination) DO UPDATE SET
                target_id = EXCLUDED.target_id, access_token = EXCLUDED.access_token,
                test_event_code = EXCLUDED.test_event_code, settings = EXCLUDED.settings,
                enabled = EXCLUDED.enabled, event_mapping = EXCLUDED.event_mapping,
                forward_unmapped = EXCLUDED.forward_unmapped, updated_at = now()
            RETURNING""" + " " + COLUMNS;
    private static final String LIST = "SELECT " + COLUMNS
            + " FROM relay_destinations WHERE project_id = $1 AND sdk_app_id = $2 ORDER BY destination";
    private static final String DELETE =
            "DELETE FROM relay_destinations WHERE project_id = $1 AND sdk_app_id = $2 AND destination = $3";
    /** What the worker needs to send: the destination with its token, and the app's platform (for extinfo). */
    private static final String FOR_SENDING = """
            SELECT d.project_id, d.sdk_app_id, d.destination, d.target_id, d.access_token, d.test_event_code, d.settings,
                   d.enabled, d.event_mapping, d.forward_unmapped, d.created_at, d.updated_at, a.platform
              FROM relay_destinations d JOIN sdk_apps a ON a.project_id = d.project_id AND a.id = d.sdk_app_id
             WHERE (d.project_id, d.sdk_app_id, d.destination) IN (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]))""";

    private final Pool pool;
    private final ObjectMapper mapper;
    private final Platforms platforms;

    DestinationRepository(Pool pool, ObjectMapper mapper, Platforms platforms) {
        this.pool = pool;
        this.mapper = mapper;
        this.platforms = platforms;
    }

    /** A destination row: its view, its target, its other platform fields, its sealed token, the app's platform. */
    record Stored(
            Destination view, String target, Map<String, String> settings, byte[] sealedToken, String appPlatform) {}

    /** {@code fields}: the platform's target field first, then its optional fields as set. */
    Uni<Destination> upsert(
            String projectId,
            String sdkAppId,
            PlatformAdapter platform,
            Map<String, String> fields,
            byte[] sealedToken,
            DestinationRequest r) {
        Map<String, String> settings = new LinkedHashMap<>(fields);
        String target = settings.remove(platform.target().name());
        Tuple args = Tuple.tuple(Arrays.asList(
                projectId,
                sdkAppId,
                platform.id(),
                target,
                Buffer.buffer(sealedToken),
                r.testEventCode(),
                Jsonb.text(mapper, mapper.valueToTree(settings)),
                r.enabled() == null || r.enabled(),
                Jsonb.text(mapper, mapper.valueToTree(r.eventMapping() == null ? Map.of() : r.eventMapping())),
                Boolean.TRUE.equals(r.forwardUnmapped())));
        return pool.preparedQuery(UPSERT)
                .execute(args)
                .map(rows -> map(rows.iterator().next()).view());
    }

    Uni<List<Destination>> list(String projectId, String sdkAppId) {
        return pool.preparedQuery(LIST).execute(Tuple.of(projectId, sdkAppId)).map(rows -> {
            List<Destination> out = new ArrayList<>();
            rows.forEach(r -> out.add(map(r).view()));
            return out;
        });
    }

    Uni<Void> delete(String projectId, String sdkAppId, PlatformAdapter platform) {
        return pool.preparedQuery(DELETE)
                .execute(Tuple.of(projectId, sdkAppId, platform.id()))
                .replaceWithVoid();
    }

    /** Destinations by (project, app, destination id), read inside the worker's transaction. */
    Uni<Map<String, Stored>> forSending(SqlConnection tx, List<String[]> keys) {
        String[] projects = keys.stream().map(k -> k[0]).toArray(String[]::new);
        String[] apps = keys.stream().map(k -> k[1]).toArray(String[]::new);
        String[] destinations = keys.stream().map(k -> k[2]).toArray(String[]::new);
        return tx.preparedQuery(FOR_SENDING)
                .execute(Tuple.of(projects, apps, destinations))
                .map(rows -> {
                    Map<String, Stored> out = new LinkedHashMap<>();
                    for (Row r : rows) {
                        Stored s = map(r);
                        out.put(
                                key(r.getString("project_id"), r.getString("sdk_app_id"), r.getString("destination")),
                                new Stored(
                                        s.view(), s.target(), s.settings(), s.sealedToken(), r.getString("platform")));
                    }
                    return out;
                });
    }

    static String key(String projectId, String sdkAppId, String destination) {
        return projectId + '\u0000' + sdkAppId + '\u0000' + destination;
    }

    private Stored map(Row r) {
        Map<String, String> mapping = strings((JsonObject) r.getValue("event_mapping"));
        Map<String, String> settings = strings((JsonObject) r.getValue("settings"));
        String target = r.getString("target_id");
        // A platform no adapter serves any more still lists, its target under a neutral name.
        String targetField = platforms
                .of(r.getString("destination"))
                .map(p -> p.target().name())
                .orElse("target");
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(targetField, target);
        fields.putAll(settings);
        Destination view = new Destination(
                r.getString("destination"),
                r.getString("project_id"),
                r.getString("sdk_app_id"),
                fields,
                Destination.MASK,
                r.getString("test_event_code"),
                r.getBoolean("enabled"),
                mapping,
                r.getBoolean("forward_unmapped"),
                r.getOffsetDateTime("created_at"),
                r.getOffsetDateTime("updated_at"));
        return new Stored(view, target, settings, r.getBuffer("access_token").getBytes(), null);
    }

    private static Map<String, String> strings(JsonObject json) {
        Map<String, String> out = new LinkedHashMap<>();
        json.forEach(e ->
                out.put(e.getKey(), e.getValue() == null ? null : e.getValue().toString()));
        return out;
    }
}
