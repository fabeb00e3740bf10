package com.layers.telemetry.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.layers.telemetry.attribution.ExchangePolicy.Step.Status;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Apple's status codes and their rules (AAAttribution.attributionToken(), Response Codes), with the defaults. */
@Tag("unit")
class ExchangePolicyTest {
    /** The mapping's own defaults, not a second copy of them (durations written as Quarkus reads them: 5s, 30m). */
    private static final AdServicesConfig DEFAULTS = new SmallRyeConfigBuilder()
            .withMapping(AdServicesConfig.class)
            .withConverter(Duration.class, 200, new DurationConverter())
            .build()
            .getConfigMapping(AdServicesConfig.class);

    private static final ExchangePolicy POLICY = new ExchangePolicy(DEFAULTS);
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final Instant FRESH = NOW.minusSeconds(10);

    private static ExchangeAnswer answer(Integer status, String body) {
        return status == null
                ? new ExchangeAnswer.Unanswered("ConnectException: refused", 40)
                : new ExchangeAnswer.Answered(status, body, 40);
    }

    @Test
    void aRecordIsFinal() {
        ExchangePolicy.Step s = POLICY.after(answer(200, "{\"attribution\":true,\"campaignId\":1}"), 0, 0, FRESH, NOW);
        assertThat(s.status()).isEqualTo(Status.EXCHANGED);
        assertThat(s.outcome()).isEqualTo("attributed");
        assertThat(s.record()).isPresent();
    }

    @Test
    void notFoundIsTriedAgainFiveSecondsLaterAtMostThreeTimesInAll() {
        ExchangePolicy.Step first = POLICY.after(answer(404, ""), 0, 0, FRESH, NOW);
        assertThat(first.status()).isEqualTo(Status.RETRY);
        assertThat(first.dueAt()).isEqualTo(NOW.plusSeconds(5));
        assertThat(POLICY.after(answer(404, ""), 1, 1, FRESH, NOW).status()).isEqualTo(Status.RETRY);
        ExchangePolicy.Step third = POLICY.after(answer(404, ""), 2, 2, FRESH, NOW);
        assertThat(third.status()).isEqualTo(Status.FAILED);
        assertThat(third.outcome()).isEqualTo("not_found");
    }

    @Test
    void notFoundOnATokenOlderThanADayIsFinal() {
        ExchangePolicy.Step s = POLICY.after(answer(404, ""), 0, 0, NOW.minus(Duration.ofHours(24)), NOW);
        assertThat(s.status()).isEqualTo(Status.FAILED);
        assertThat(s.outcome()).isEqualTo("expired");
    }

    @Test
    void anInvalidTokenIsFinal() {
        ExchangePolicy.Step s = POLICY.after(answer(400, ""), 0, 0, FRESH, NOW);
        assertThat(s.status()).isEqualTo(Status.FAILED);
        assertThat(s.outcome()).isEqualTo("invalid_token");
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 429, -1})
    void serverErrorsAndNoAnswerBackOffWhileTheTokenLives(int status) {
        Integer code = status < 0 ? null : status;
        ExchangePolicy.Step first = POLICY.after(answer(code, "down"), 0, 0, FRESH, NOW);
        assertThat(first.status()).isEqualTo(Status.RETRY);
        assertThat(Duration.between(NOW, first.dueAt())).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(6));
        ExchangePolicy.Step fifth = POLICY.after(answer(code, "down"), 4, 0, FRESH, NOW);
        assertThat(Duration.between(NOW, fifth.dueAt()))
                .as("doubling")
                .isBetween(Duration.ofSeconds(64), Duration.ofSeconds(96));
        ExchangePolicy.Step late = POLICY.after(
                answer(code, "down"), 20, 0, NOW.minus(Duration.ofHours(23).plusMinutes(55)), NOW);
        assertThat(late.dueAt()).as("one last try as the token expires").isEqualTo(NOW.plusSeconds(300));
        ExchangePolicy.Step expired = POLICY.after(answer(code, "down"), 21, 0, NOW.minus(Duration.ofHours(25)), NOW);
        assertThat(expired.status()).isEqualTo(Status.FAILED);
        assertThat(expired.outcome()).isEqualTo("expired");
    }

    @Test
    void anAnswerThatIsNotARecordIsRetriedLikeAServerError() {
        ExchangePolicy.Step s = POLICY.after(answer(200, "<html>maintenance</html>"), 0, 0, FRESH, NOW);
        assertThat(s.status()).isEqualTo(Status.RETRY);
        assertThat(s.attemptOutcome()).isEqualTo("unexpected_answer");
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403, 405, 413})
    void otherRefusalsAreFinal(int status) {
        ExchangePolicy.Step s = POLICY.after(answer(status, ""), 0, 0, FRESH, NOW);
        assertThat(s.status()).isEqualTo(Status.FAILED);
        assertThat(s.outcome()).isEqualTo("rejected");
    }
}
