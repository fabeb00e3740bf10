package com.layers.telemetry.attribution;

import com.layers.telemetry.common.Timestamps;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads attributed records (Apple's test payload only on request) in ascending (installedAt, recordId) order. */
@ApplicationScoped
class AttributionRepository {
    private static final String PAGE = """
            SELECT record_id, app_user_id, sdk_app_id, org_id, campaign_id, ad_group_id, keyword_id, creative_set_id, country_or_region,
                   conversion_type, click_date, installed_at, exchanged_at, ad_id, claim_type, impression_date, supply_placement, test
              FROM apple_ads_attributions
             WHERE project_id = $1 AND attribution AND ($2 OR NOT test)
               AND ($3::text IS NULL OR app_user_id = $3)
               AND ($4::timestamptz IS NULL OR installed_at >= $4) AND ($5::timestamptz IS NULL OR installed_at < $5)
               AND ($6::timestamptz IS NULL OR (installed_at, record_id) > ($6, $7::text))
             ORDER BY installed_at, record_id LIMIT $8""";

    private final Pool pool;

    AttributionRepository(Pool pool) {
        this.pool = pool;
    }

    record Filter(
            String userId, Instant since, Instant until, AttributionCursor after, int limit, boolean includeTestData) {}

    Uni<AttributionRecordView.Page> page(String projectId, Filter f) {
        Tuple args = Tuple.tuple(Arrays.asList(
                projectId,
                f.includeTestData(),
                f.userId(),
                Timestamps.utc(f.since()),
                Timestamps.utc(f.until()),
                f.after() == null ? null : Timestamps.utc(f.after().installedAt()),
                f.after() == null ? null : f.after().recordId(),
                f.limit() + 1));
        return pool.preparedQuery(PAGE).execute(args).map(rows -> {
            List<AttributionRecordView> records = new ArrayList<>();
            AttributionCursor last = null;
            boolean more = false;
            for (Row r : rows) {
                if (records.size() == f.limit()) {
                    more = true;
                    break;
                }
                records.add(view(r));
                last = new AttributionCursor(r.getOffsetDateTime("installed_at").toInstant(), r.getString("record_id"));
            }
            return new AttributionRecordView.Page(records, more ? last.encode(projectId) : null);
        });
    }

    private static AttributionRecordView view(Row r) {
        String conversionType = r.getString("conversion_type");
        return new AttributionRecordView(
                r.getString("record_id"),
                r.getString("app_user_id"),
                r.getString("sdk_app_id"),
                "true",
                r.getLong("org_id"),
                r.getLong("campaign_id"),
                r.getLong("ad_group_id"),
                r.getLong("keyword_id"),
                r.getLong("creative_set_id"),
                r.getString("country_or_region"),
                conversionType,
                Timestamps.iso(r.getOffsetDateTime("click_date")),
                Timestamps.iso(r.getOffsetDateTime("installed_at")),
                "Redownload".equals(conversionType),
                Timestamps.iso(r.getOffsetDateTime("exchanged_at")),
                r.getLong("ad_id"),
                r.getString("claim_type"),
                Timestamps.iso(r.getOffsetDateTime("impression_date")),
                r.getString("supply_placement"),
                r.getBoolean("test"));
    }
}
