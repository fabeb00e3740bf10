package com.layers.telemetry.attribution;

import com.layers.telemetry.common.Pages.CursorPage;
import com.layers.telemetry.userdata.Paging;
import com.layers.telemetry.userdata.UserDataExport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/** A user's export: their Apple Ads attribution records as GET …/apple-ads-attribution shows them (test data too). */
@ApplicationScoped
class AttributionExport implements UserDataExport {
    private static final int PAGE = 200;
    private static final String ANY = """
            SELECT 1 FROM apple_ads_attributions WHERE project_id = $1 AND app_user_id = $2
            UNION ALL SELECT 1 FROM attribution_exchanges WHERE project_id = $1 AND app_user_id = $2""";

    private final AttributionRepository records;
    private final Pool pool;

    AttributionExport(AttributionRepository records, Pool pool) {
        this.records = records;
        this.pool = pool;
    }

    @Override
    public String field() {
        return "attributionRecords";
    }

    @Override
    public int position() {
        return 3;
    }

    @Override
    public boolean array() {
        return true;
    }

    @Override
    public Uni<Boolean> holds(String projectId, String appUserId) {
        return UserDataExport.any(pool, ANY, projectId, appUserId);
    }

    @Override
    public Multi<?> items(String projectId, String appUserId) {
        return Paging.all(cursor -> records.page(
                        projectId,
                        new AttributionRepository.Filter(
                                appUserId, null, null, AttributionCursor.decode(cursor, projectId), PAGE, true))
                .map(p -> new CursorPage<>(p.records(), p.nextCursor())));
    }
}
