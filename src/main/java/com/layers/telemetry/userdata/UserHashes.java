package com.layers.telemetry.userdata;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keyed hash that stands for a user once their data is gone: HMAC-SHA256 under {@code privacy.hash-key} of the
 * project id, a NUL and the app user id. Without the key, a hash cannot be matched against a guessed id, and the same
 * id in two projects hashes apart. Created at start, so a malformed key stops the service there.
 */
@Startup
@ApplicationScoped
public class UserHashes {
    private static final Base64.Encoder TEXT = Base64.getUrlEncoder().withoutPadding();
    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    public UserHashes(PrivacyConfig config) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(config.hashKey().trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("privacy.hash-key must be base64 (e.g. openssl rand -base64 32)");
        }
        if (raw.length != 32) {
            throw new IllegalStateException("privacy.hash-key must decode to 32 bytes (got " + raw.length + ")");
        }
        this.key = new SecretKeySpec(raw, "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** The 32-byte hash of a user of a project. */
    public byte[] of(String projectId, String appUserId) {
        Mac mac = macs.get();
        mac.update(projectId.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        return mac.doFinal(appUserId.getBytes(StandardCharsets.UTF_8));
    }

    /** How the API shows a hash: base64url without padding (43 characters). */
    public static String text(byte[] hash) {
        return TEXT.encodeToString(hash);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
