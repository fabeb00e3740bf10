package com.layers.telemetry.users;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layers.telemetry.common.Jsonb;
import com.layers.telemetry.common.Timestamps;
import com.layers.telemetry.userdata.ProfileProperties;
import com.layers.telemetry.userdata.UserDataExport;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A user's export: the whole profile, unredacted: current properties, the {@code $set_once} values as first set,
 * the latest consent, events per day (the last 32 days with any), device ids, event names, first and last seen.
 */
@ApplicationScoped
class ProfileExport implements UserDataExport {
    private static final String PROFILE = """
            SELECT first_seen, last_seen, event_count, device_ids, event_types, consent, consent_at, props, props_once,
                   activity_day, activity
              FROM user_profiles WHERE project_id = $1 AND app_user_id = $2""";
    private static final String ANY = "SELECT 1 FROM user_profiles WHERE project_id = $1 AND app_user_id = $2";

    private final Pool pool;
    private final ObjectMapper mapper;

    ProfileExport(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    @RegisterForReflection
    record Profile(
            ObjectNode properties,
            ObjectNode setOnce,
            JsonNode consent,
            String consentAt,
            Map<String, Integer> activity,
            List<String> deviceIds,
            List<String> eventTypes,
            long eventCount,
            String firstSeen,
            String lastSeen) {}

    @Override
    public String field() {
        return "profile";
    }

    @Override
    public int position() {
        return 1;
    }

    @Override
    public boolean array() {
        return false;
    }

    @Override
    public Uni<Boolean> holds(String projectId, String appUserId) {
        return UserDataExport.any(pool, ANY, projectId, appUserId);
    }

    @Override
    public Multi<?> items(String projectId, String appUserId) {
        return pool.preparedQuery(PROFILE)
                .execute(Tuple.of(projectId, appUserId))
                .onItem()
                .transformToMulti(rows -> Multi.createFrom().iterable(rows))
                .map(this::profile);
    }

    private Profile profile(Row r) {
        JsonNode props = Jsonb.object(mapper, r.getValue("props"));
        JsonNode once = Jsonb.object(mapper, r.getValue("props_once"));
        Map<String, Integer> activity = new LinkedHashMap<>();
        LocalDate newest = r.getLocalDate("activity_day");
        Integer[] counts = r.getArrayOfIntegers("activity");
        if (newest != null && counts != null) {
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] != null && counts[i] > 0) {
                    activity.put(newest.minusDays(i).toString(), counts[i]);
                }
            }
        }
        return new Profile(
                ProfileProperties.view(props, once),
                ProfileProperties.view(JsonNodeFactory.instance.objectNode(), once),
                Jsonb.object(mapper, r.getValue("consent")),
                r.getOffsetDateTime("consent_at") == null ? null : Timestamps.iso(r.getOffsetDateTime("consent_at")),
                activity,
                Arrays.asList(r.getArrayOfStrings("device_ids")),
                Arrays.asList(r.getArrayOfStrings("event_types")),
                r.getLong("event_count"),
                Timestamps.iso(r.getOffsetDateTime("first_seen")),
                Timestamps.iso(r.getOffsetDateTime("last_seen")));
    }
}
