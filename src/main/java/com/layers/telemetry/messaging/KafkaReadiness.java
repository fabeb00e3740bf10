package com.layers.telemetry.messaging;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while a Kafka broker answers, decided within 3 s. (Quarkus's own Kafka check waits on the admin
 * client's 60 s default timeout, so readiness lagged a broker outage by a minute.)
 */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements AsyncHealthCheck {
    private static final int TIMEOUT_MS = 3000;
    private final Admin admin;

    public KafkaReadiness(@Identifier("default-kafka-broker") Map<String, Object> kafkaDefaults) {
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafkaDefaults.get("bootstrap.servers"),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                TIMEOUT_MS,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                TIMEOUT_MS,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG,
                1000,
                AdminClientConfig.CLIENT_ID_CONFIG,
                "telemetry-readiness"));
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom()
                .completionStage(() -> admin.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS))
                        .nodes()
                        .toCompletionStage())
                .map(nodes -> HealthCheckResponse.named("Kafka brokers")
                        .status(!nodes.isEmpty())
                        .withData("brokers", nodes.size())
                        .build())
                .onFailure()
                .recoverWithItem(e -> HealthCheckResponse.named("Kafka brokers")
                        .down()
                        .withData("reason", String.valueOf(e.getMessage()))
                        .build());
    }

    @PreDestroy
    void close() {
        admin.close();
    }
}
