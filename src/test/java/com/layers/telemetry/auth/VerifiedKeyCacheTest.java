package com.layers.telemetry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.layers.telemetry.common.TimeSource;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class VerifiedKeyCacheTest {
    private static final long LEEWAY = 30;

    private static final class Clock extends TimeSource {
        Instant now = Instant.parse("2026-12-01T00:00:00Z");

        @Override
        public Instant now() {
            return now;
        }
    }

    /** A verifier with smallrye-jwt's expiry rule on the test clock; keys it does not know have a bad signature. */
    private static final class Verifier extends DefaultJWTParser {
        final List<String> asked = new ArrayList<>();
        final Map<String, Long> expiresAt = new HashMap<>();
        final Clock clock;

        Verifier(Clock clock) {
            this.clock = clock;
        }

        @Override
        public JsonWebToken parse(String token) throws ParseException {
            asked.add(token);
            Long exp = expiresAt.get(token);
            if (exp == null || exp + LEEWAY < clock.now().getEpochSecond()) {
                throw new ParseException("refused");
            }
            return new Key(token, exp);
        }
    }

    private record Key(String getRawToken, long getExpirationTime) implements JsonWebToken {
        @Override
        public String getName() {
            return getRawToken;
        }

        @Override
        public Set<String> getClaimNames() {
            return Set.of();
        }

        @Override
        public <T> T getClaim(String claimName) {
            return null;
        }
    }

    private final Clock clock = new Clock();
    private final Verifier verifier = new Verifier(clock);
    private final VerifiedKeyCache cache = new VerifiedKeyCache(verifier, clock, LEEWAY);

    @Test
    void aKeyIsVerifiedOnceThenReusedWhileItLives() throws Exception {
        verifier.expiresAt.put("good", clock.now().getEpochSecond() + 3600);

        JsonWebToken first = cache.parse("good");
        clock.now = clock.now.plusSeconds(3600 + LEEWAY);
        JsonWebToken atTheLastSecond = cache.parse("good");

        assertThat(atTheLastSecond).isSameAs(first);
        assertThat(verifier.asked).containsExactly("good");
    }

    @Test
    void aCachedKeyPastItsExpiryAndLeewayIsVerifiedAgainAndRefused() throws Exception {
        verifier.expiresAt.put("short", clock.now().getEpochSecond() + 60);
        cache.parse("short");

        clock.now = clock.now.plusSeconds(60 + LEEWAY + 1);

        assertThatThrownBy(() -> cache.parse("short")).isInstanceOf(ParseException.class);
        assertThat(verifier.asked).containsExactly("short", "short");
    }

    @Test
    void aKeyThatFailsVerificationIsNeverCached() {
        assertThatThrownBy(() -> cache.parse("forged")).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> cache.parse("forged")).isInstanceOf(ParseException.class);
        assertThat(verifier.asked).containsExactly("forged", "forged");
    }
}
