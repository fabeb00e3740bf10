package com.layers.telemetry.ratelimit;

import com.layers.telemetry.common.ApiException;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The read budget per API key (its subject): a Bucket4j token bucket in each instance's memory, so a read pays no
 * extra round trip. Across instances this is an approximation with a stated bound: with N instances behind a
 * balancer a key gets at most N times its budget; set {@code telemetry.read.rate-limit.instances} to N and each
 * instance enforces budget/N, which holds the total within the budget when traffic is spread evenly.
 */
@ApplicationScoped
public class ReadBudget {
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Config config;

    @ConfigMapping(prefix = "telemetry.read.rate-limit")
    public interface Config {
        /** Sustained read requests per second per key. */
        @WithDefault("200")
        int requestsPerSecond();

        /** Burst a key may spend at once. */
        @WithDefault("400")
        int burst();

        /** Instances sharing the budget; each enforces its share. */
        @WithDefault("1")
        int instances();
    }

    public ReadBudget(Config config) {
        this.config = config;
    }

    public void spend(String keySubject) {
        Bucket bucket = buckets.computeIfAbsent(keySubject, k -> newBucket());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throw ApiException.rateLimited(
                    "Read budget of this API key exhausted",
                    "Retry after the Retry-After delay",
                    Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
    }

    private Bucket newBucket() {
        int share = Math.max(1, config.instances());
        long perSecond = Math.max(1, config.requestsPerSecond() / share);
        long burst = Math.max(1, config.burst() / share);
        return Bucket.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(burst)
                        .refillGreedy(perSecond, Duration.ofSeconds(1))
                        .build())
                .build();
    }
}
