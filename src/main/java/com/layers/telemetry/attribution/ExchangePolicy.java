package com.layers.telemetry.attribution;

import com.layers.telemetry.common.Backoff;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Apple's rules for one attempt's answer: 200 is the record; 400 (invalid token) is final; 404 (not ready yet) is
 * tried again {@code not-found-interval} later, at most {@code not-found-attempts} times in all, and is final once the
 * token is older than its 24-hour life; server errors, throttling, unexpected answers and no answer are retried with
 * exponential backoff while the token lives; any other refusal is final.
 */
@ApplicationScoped
class ExchangePolicy {
    private final AdServicesConfig config;
    private final Backoff backoff;

    ExchangePolicy(AdServicesConfig config) {
        this.config = config;
        this.backoff = new Backoff(config.firstRetry(), config.maxBackoff());
    }

    /** What an attempt decided. */
    record Step(
            String attemptOutcome, Status status, String outcome, Optional<AppleAttribution> record, Instant dueAt) {
        enum Status {
            EXCHANGED,
            FAILED,
            RETRY
        }
    }

    /**
     * @param attempts attempts before this one
     * @param notFound 404s before this one
     * @param issuedAt when the token was issued at the latest (its event's occurredAt, or receipt if earlier)
     */
    Step after(ExchangeAnswer answer, int attempts, int notFound, Instant issuedAt, Instant now) {
        Instant expires = issuedAt.plus(config.tokenLifetime());
        boolean expired = !now.isBefore(expires);
        if (!(answer instanceof ExchangeAnswer.Answered answered)) {
            return retry("unreachable", attempts, expired, expires, now);
        }
        int status = answered.status();
        if (status == 200) {
            Optional<AppleAttribution> record = AppleAttribution.parse(answered.body());
            if (record.isPresent()) {
                String outcome = record.get().outcome();
                return new Step(outcome, Step.Status.EXCHANGED, outcome, record, null);
            }
            return retry("unexpected_answer", attempts, expired, expires, now);
        }
        if (status == 400) {
            return new Step("invalid_token", Step.Status.FAILED, "invalid_token", Optional.empty(), null);
        }
        if (status == 404) {
            if (expired) {
                return new Step("not_found", Step.Status.FAILED, "expired", Optional.empty(), null);
            }
            if (notFound + 1 >= config.notFoundAttempts()) {
                return new Step("not_found", Step.Status.FAILED, "not_found", Optional.empty(), null);
            }
            return new Step(
                    "not_found",
                    Step.Status.RETRY,
                    null,
                    Optional.empty(),
                    earliest(now.plus(config.notFoundInterval()), expires));
        }
        if (status == 429 || status >= 500) {
            return retry("server_error", attempts, expired, expires, now);
        }
        return new Step("rejected", Step.Status.FAILED, "rejected", Optional.empty(), null);
    }

    private Step retry(String attemptOutcome, int attempts, boolean expired, Instant expires, Instant now) {
        if (expired) {
            return new Step(attemptOutcome, Step.Status.FAILED, "expired", Optional.empty(), null);
        }
        Duration wait = backoff.after(attempts + 1);
        // One last try at the end of the token's life rather than none.
        return new Step(attemptOutcome, Step.Status.RETRY, null, Optional.empty(), earliest(now.plus(wait), expires));
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
