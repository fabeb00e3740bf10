package com.layers.telemetry.users;

import com.layers.telemetry.common.SqlStatement;
import com.layers.telemetry.event.NewEvents;
import com.layers.telemetry.event.NewEventsWriter;
import com.layers.telemetry.event.ReceivedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.TreeMap;

/**
 * Keeps the live user profiles: folds a batch's new events into one delta per user in memory, merged into the
 * stored rows by one statement inside the storage transaction.
 */
@ApplicationScoped
class ProfileWriter implements NewEventsWriter {
    private final ProfileRepository profiles;

    ProfileWriter(ProfileRepository profiles) {
        this.profiles = profiles;
    }

    @Override
    public Phase phase() {
        return Phase.PROFILES;
    }

    @Override
    public List<SqlStatement> statements(NewEvents fresh) {
        TreeMap<UserKey, ProfileDelta> users = fold(fresh.events());
        return users.isEmpty() ? List.of() : List.of(profiles.merge(users, fresh.lane()));
    }

    /** One delta per user; anonymous events have no profile. */
    static TreeMap<UserKey, ProfileDelta> fold(List<ReceivedEvent> events) {
        TreeMap<UserKey, ProfileDelta> users = new TreeMap<>();
        for (ReceivedEvent in : events) {
            if (in.event().appUserId() != null) {
                users.computeIfAbsent(new UserKey(in.projectId(), in.event().appUserId()), k -> new ProfileDelta())
                        .add(in);
            }
        }
        return users;
    }
}
