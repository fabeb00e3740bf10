package com.layers.telemetry.common;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
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
        /** The JSON answer; a replayed one says so in {@code Idempotent-Replayed}. */
        public Response response() {
            Response.ResponseBuilder r = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE);
            return replayedBody != null
                    ? r.entity(replayedBody)
                            .header("Idempotent-Replayed", "true")
                            .build()
                    : r.entity(fresh).build();
        }
    }

    /**
     * Runs {@code work} once per key: its result is stored (as answered with {@code status}) and replayed to a retry
     * with the same key and request hash; a different request under the key is 422, one still running 409. A failure
     * releases the key. Without a key (null), {@code work} simply runs.
     *
     * @param endpoint keeps one endpoint's keys apart from another's (null: the key is stored as given)
     */
    public <T> Uni<Reply<T>> once(
            String subject,
            String projectId,
            String endpoint,
            String requestKey,
            String requestHash,
            int status,
            Supplier<Uni<? extends T>> work) {
        if (requestKey == null) {
            return Uni.createFrom().<T>deferred(work).map(result -> new Reply<T>(status, result, null));
        }
        String key = endpoint == null ? requestKey : endpoint + ":" + requestKey;
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
