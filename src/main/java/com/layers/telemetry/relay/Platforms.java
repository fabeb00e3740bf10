package com.layers.telemetry.relay;

import com.layers.telemetry.relay.platform.PlatformAdapter;
import io.quarkus.arc.All;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Every platform adapter the service has, by id: the one place the relay learns which platforms exist. */
@ApplicationScoped
public class Platforms {
    private final Map<String, PlatformAdapter> byId = new TreeMap<>();

    Platforms(@All List<PlatformAdapter> adapters) {
        for (PlatformAdapter a : adapters) {
            if (byId.put(a.id(), a) != null) {
                throw new IllegalStateException("Two platform adapters have the id " + a.id());
            }
        }
    }

    public Optional<PlatformAdapter> of(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id.toLowerCase(Locale.ROOT)));
    }

    public Collection<PlatformAdapter> all() {
        return byId.values();
    }

    /** The ids, sorted, as messages list them ("meta, tiktok"). */
    public String ids() {
        return String.join(", ", byId.keySet());
    }

    /** The platforms that take a body field other than their target ({@code appId}: TikTok). */
    List<PlatformAdapter> taking(String field) {
        return byId.values().stream()
                .filter(a -> a.optionalFields().stream().anyMatch(f -> f.name().equals(field))
                        || a.target().name().equals(field))
                .toList();
    }
}
