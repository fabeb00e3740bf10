package com.layers.telemetry.attribution;

import com.layers.telemetry.common.SqlStatement;
import com.layers.telemetry.userdata.EventChunk;
import com.layers.telemetry.userdata.UserDataEraser;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Erases the AdServices exchanges of erased events (their tokens included), their attempts and Apple's records. */
@ApplicationScoped
class AttributionEraser implements UserDataEraser {
    private static final String BY_EVENT = """
            WITH k AS (SELECT * FROM unnest($2::text[], $3::text[]) AS k(sdk_app_id, event_id)),
            attempts AS (
                DELETE FROM attribution_attempts a USING k
                 WHERE a.project_id = $1 AND a.sdk_app_id = k.sdk_app_id AND a.event_id = k.event_id RETURNING 1),
            records AS (
                DELETE FROM apple_ads_attributions r USING k
                 WHERE r.project_id = $1 AND r.sdk_app_id = k.sdk_app_id AND r.event_id = k.event_id RETURNING 1),
            exchanges AS (
                DELETE FROM attribution_exchanges x USING k
                 WHERE x.project_id = $1 AND x.sdk_app_id = k.sdk_app_id AND x.event_id = k.event_id RETURNING 1)
            SELECT (SELECT count(*) FROM records) AS "attributionRecords",
                   (SELECT count(*) FROM exchanges) AS "attributionExchanges",
                   (SELECT count(*) FROM attempts) AS "attributionAttempts\"""";

    @Override
    public List<SqlStatement> eraseEvents(String projectId, EventChunk chunk) {
        return List.of(new SqlStatement(BY_EVENT, Tuple.of(projectId, chunk.sdkAppIds(), chunk.eventIds())));
    }
}
