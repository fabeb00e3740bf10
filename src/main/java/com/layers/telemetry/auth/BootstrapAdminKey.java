package com.layers.telemetry.auth;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/** For the local stack: mints an admin key at start and writes it where the start script prints it from. */
@ApplicationScoped
public class BootstrapAdminKey {
    private static final Logger LOG = Logger.getLogger(BootstrapAdminKey.class);

    void onStart(@Observes StartupEvent event, AuthConfig config, KeyMinter minter, KeyRepository keys) {
        config.bootstrapAdminKeyFile().ifPresent(file -> {
            ApiKey key = minter.mint(
                    List.of(Scopes.ADMIN, Scopes.EVENTS_WRITE, Scopes.EVENTS_READ_PII),
                    List.of(Scopes.ANY_PROJECT),
                    30);
            keys.insert(key, key.keyId()).await().atMost(Duration.ofSeconds(30));
            write(file, key.token());
            LOG.infof("Bootstrap admin key %s written to %s", key.keyId(), file);
        });
    }

    private static void write(Path file, String token) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, token + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
