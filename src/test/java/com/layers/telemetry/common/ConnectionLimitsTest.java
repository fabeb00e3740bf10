package com.layers.telemetry.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.io.InputStream;
import java.net.Socket;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/** Idle connections do not stay open for ever (quarkus.http.idle-timeout: 30 s; 2 s here, to keep the test short). */
@QuarkusTest
@TestProfile(ConnectionLimitsTest.ShortIdleTimeout.class)
class ConnectionLimitsTest {
    public static class ShortIdleTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.idle-timeout", "2s");
        }
    }

    @TestHTTPResource("/")
    URL base;

    /** A client that reads Keep-Alive stops reusing a connection before the server closes it (2 s here). */
    @Test
    void responsesTellClientsWhenToStopReusingTheConnection() {
        RestAssured.given()
                .get("/q/health/live")
                .then()
                .statusCode(200)
                .header("Keep-Alive", Matchers.equalTo("timeout=1"));
    }

    @Test
    void anIdleConnectionIsClosedByTheServer() throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout((int) Duration.ofSeconds(20).toMillis());
            long start = System.nanoTime();
            InputStream in = socket.getInputStream();
            // Nothing sent: the server must end the connection (read returns -1) rather than wait for ever.
            assertThat(in.read()).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }
}
