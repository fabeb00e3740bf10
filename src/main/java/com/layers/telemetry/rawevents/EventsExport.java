package com.layers.telemetry.rawevents;

import com.layers.telemetry.userdata.Paging;
import com.layers.telemetry.userdata.UserDataExport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/** A user's export: every event in full, identity unredacted, in the shape of GET …/events, newest first. */
@ApplicationScoped
class EventsExport implements UserDataExport {
    private static final int PAGE = 500;
    private static final String ANY = "SELECT 1 FROM sdk_events WHERE project_id = $1 AND app_user_id = $2";

    private final RawEventRepository events;
    private final Pool pool;

    EventsExport(RawEventRepository events, Pool pool) {
        this.events = events;
        this.pool = pool;
    }

    @Override
    public String field() {
        return "events";
    }

    @Override
    public int position() {
        return 2;
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
        return Paging.all(cursor -> events.find(
                projectId,
                new RawEventRepository.Filter(appUserId, null, null, null, EventCursor.decode(cursor, projectId), PAGE),
                Set.of(),
                true));
    }
}
