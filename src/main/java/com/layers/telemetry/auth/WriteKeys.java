package com.layers.telemetry.auth;

import com.layers.telemetry.common.ApiException;
import com.layers.telemetry.common.ChangeReload;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Write keys: minted here, resolved from memory on every SDK request, reloaded from PostgreSQL by what changed
 * ({@code telemetry.auth.write-key-refresh}), so a key revoked through any instance is refused by every instance
 * within that interval. A key this instance has not seen is looked up once (it may have been created elsewhere a
 * moment ago); a key that does not exist is remembered as such, so guessing costs no query after the first.
 */
@ApplicationScoped
public class WriteKeys {
    /** Unknown keys remembered at most; past this the memory of misses starts over. */
    static final int MAX_MISSES = 100_000;

    private static final int KEY_BYTES = 24;

    /** Whose a key is. */
    public record Owner(String projectId, String sdkAppId, String writeKeyId) {}

    private final WriteKeyRepository repository;
    private final Duration refreshEvery;
    private final ChangeReload<WriteKeyRepository.Entry> reload;
    private final SecureRandom random = new SecureRandom();
    private final Map<ByteBuffer, Owner> valid = new ConcurrentHashMap<>();
    private final Map<ByteBuffer, Boolean> refused = new ConcurrentHashMap<>();

    public WriteKeys(WriteKeyRepository repository, AuthConfig config) {
        this.repository = repository;
        this.refreshEvery = config.writeKeyRefresh();
        this.reload = new ChangeReload<>(
                "Write keys reload", repository::changedSince, WriteKeyRepository.Entry::changedAt, this::apply);
    }

    void onStart(@Observes StartupEvent event, Vertx vertx) {
        reload.start(vertx, refreshEvery);
    }

    void onStop(@Observes ShutdownEvent event) {
        reload.stop();
    }

    /** A new key for the SDK app (shown once), or empty when the app does not exist. */
    public Uni<Optional<WriteKey>> create(String projectId, String sdkAppId) {
        String key = "wk_" + random(KEY_BYTES);
        String writeKeyId = "wki_" + random(9);
        byte[] hash = sha256(key);
        String hint = key.substring(key.length() - 4);
        return repository
                .insert(projectId, sdkAppId, writeKeyId, hash, hint)
                .map(created -> created.map(at -> {
                    valid.put(ByteBuffer.wrap(hash), new Owner(projectId, sdkAppId, writeKeyId));
                    return new WriteKey(writeKeyId, projectId, sdkAppId, key, "…" + hint, at, null);
                }));
    }

    /** Whether the key existed; here it is refused at once, elsewhere within the refresh interval. */
    public Uni<Boolean> revoke(String projectId, String sdkAppId, String writeKeyId) {
        return repository.revoke(projectId, sdkAppId, writeKeyId).invoke(found -> {
            if (found) {
                valid.values()
                        .removeIf(o -> o.writeKeyId().equals(writeKeyId)
                                && o.projectId().equals(projectId));
            }
        });
    }

    public Uni<List<WriteKey>> list(String projectId, String sdkAppId) {
        return repository.list(projectId, sdkAppId);
    }

    /** The key's owner, or a 401 naming what is wrong (no key, unknown or revoked: one message, as for a guess). */
    public Uni<Owner> require(String key) {
        if (key == null || key.isBlank()) {
            return Uni.createFrom().failure(ApiException.unauthenticated(MISSING));
        }
        ByteBuffer hash = ByteBuffer.wrap(sha256(key));
        Owner known = valid.get(hash);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        if (refused.containsKey(hash)) {
            return Uni.createFrom().failure(ApiException.unauthenticated(UNKNOWN));
        }
        return repository.byHash(hash.array()).map(found -> {
            if (found.isPresent() && !found.get().revoked()) {
                Owner owner = owner(found.get());
                valid.put(hash, owner);
                return owner;
            }
            if (refused.size() >= MAX_MISSES) {
                refused.clear();
            }
            refused.put(hash, Boolean.TRUE);
            throw ApiException.unauthenticated(UNKNOWN);
        });
    }

    static final String MISSING = "No write key: send it as HTTP Basic user name (Segment), X-App-Id (SDK) or writeKey";
    static final String UNKNOWN = "The write key is unknown or revoked";

    private void apply(WriteKeyRepository.Entry e) {
        ByteBuffer hash = ByteBuffer.wrap(e.hash());
        if (e.revoked()) {
            valid.remove(hash);
            refused.put(hash, Boolean.TRUE);
        } else {
            valid.put(hash, owner(e));
            refused.remove(hash);
        }
    }

    private static Owner owner(WriteKeyRepository.Entry e) {
        return new Owner(e.projectId(), e.sdkAppId(), e.writeKeyId());
    }

    private String random(int bytes) {
        byte[] raw = new byte[bytes];
        random.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
