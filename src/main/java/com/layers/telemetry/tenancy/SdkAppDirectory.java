package com.layers.telemetry.tenancy;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SDK apps by (project, id) for the hot paths (ingest, storage). Apps are never deleted or edited in place, so a
 * found app is cached for good; a miss is asked again next time (the app may have been created since).
 */
@ApplicationScoped
public class SdkAppDirectory {
    private final SdkAppRepository apps;
    /** Project id, then app id: a lookup on the hot path allocates nothing. */
    private final Map<String, Map<String, SdkApp>> cache = new ConcurrentHashMap<>();

    public SdkAppDirectory(SdkAppRepository apps) {
        this.apps = apps;
    }

    public Uni<Optional<SdkApp>> find(String projectId, String appId) {
        SdkApp hit = cached(projectId, appId);
        if (hit != null) {
            return Uni.createFrom().item(Optional.of(hit));
        }
        return apps.find(projectId, appId)
                .invoke(found -> found.ifPresent(app -> cache.computeIfAbsent(projectId, p -> new ConcurrentHashMap<>())
                        .put(appId, app)));
    }

    /** The app if it was found before (apps are never deleted), else null: ask {@link #find} then. */
    public SdkApp cached(String projectId, String appId) {
        Map<String, SdkApp> project = cache.get(projectId);
        return project == null ? null : project.get(appId);
    }
}
