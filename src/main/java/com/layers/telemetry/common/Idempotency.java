package com.layers.telemetry.common;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;

/** {@code Idempotency-Key} for the endpoints that honour it: the request runs once per key, retries replay it. */
@ApplicationScoped
public class Idempotency {
    private final IdempotencyRepository repository;

    public Idempotency(IdempotencyRepository repository) {
        this.repository = repository;
    }

    /**
     * What an endpoint that honours {@code Idempotency-Key} answers: a fresh result, or the stored answer of an
     * earlier request with the same key, replayed as it was.
     */
    public record Reply<T>(int status, T fresh, String replayedBody) {
        public boolean replayed() {
            return replayedBody != null;
        }
    }

    /**
     * Runs {@code work} once per key: its result is stored (as answered with {@code status}) and replayed to a retry
     * with the same key and request hash; a different request under the key is 422, one still running 409. A failure
     * releases the key.
     */
    public <T> Uni<Reply<T>> once(
            String subject,
            String projectId,
            String key,
            String requestHash,
            int status,
            Supplier<Uni<? extends T>> work) {
        return repository.claim(subject, projectId, key, requestHash).chain(claim -> {
            if (claim instanceof IdempotencyRepository.Replay replay) {
                return Uni.createFrom().item(new Reply<T>(replay.status(), null, replay.body()));
            }
            if (claim instanceof IdempotencyRepository.InFlight) {
                return Uni.createFrom().failure(ApiException.idempotencyInProgress());
            }
            if (claim instanceof IdempotencyRepository.Reused) {
                return Uni.createFrom().failure(ApiException.idempotencyKeyReused());
            }
            return Uni.createFrom()
                    .<T>deferred(work)
                    .call(result -> repository.complete(subject, projectId, key, status, result))
                    .map(result -> new Reply<T>(status, result, null))
                    .onFailure()
                    .call(() -> repository.release(subject, projectId, key));
        });
    }

    /** The header's rule: 1-255 characters when present. */
    public static void requireValidKey(String key) {
        if (key != null && (key.isEmpty() || key.length() > 255)) {
            throw ApiException.validation("Idempotency-Key must be 1-255 characters");
        }
    }
}
