package com.layers.telemetry.relay;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts destinations' access tokens at rest with AES-GCM (random 96-bit nonce, 128-bit tag). The row's identity
 * (project, SDK app, destination) is the associated data, so a stored token cannot be moved to another row.
 * Created at start, so a malformed key stops the service there rather than at the first destination.
 */
@Startup
@ApplicationScoped
class TokenCipher {
    private static final byte FORMAT = 1;
    private static final int NONCE = 12;
    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    TokenCipher(RelayConfig config) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(config.encryptionKey().trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("relay.encryption-key must be base64 (e.g. openssl rand -base64 32)");
        }
        if (raw.length != 16 && raw.length != 24 && raw.length != 32) {
            throw new IllegalStateException(
                    "relay.encryption-key must decode to 16, 24 or 32 bytes (got " + raw.length + ")");
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    byte[] encrypt(String token, String associatedData) {
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            c.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(token.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(1 + NONCE + sealed.length)
                    .put(FORMAT)
                    .put(nonce)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not encrypt an access token", e);
        }
    }

    String decrypt(byte[] stored, String associatedData) {
        if (stored.length < 1 + NONCE + 16 || stored[0] != FORMAT) {
            throw new IllegalStateException("stored access token has an unknown format");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, stored, 1, NONCE));
            c.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return new String(c.doFinal(stored, 1 + NONCE, stored.length - 1 - NONCE), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored access token cannot be decrypted with relay.encryption-key", e);
        }
    }

    static String associatedData(String projectId, String sdkAppId, String platform) {
        return projectId + '\u0000' + sdkAppId + '\u0000' + platform;
    }
}
