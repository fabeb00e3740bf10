package com.layers.telemetry.support;

import java.nio.file.Path;

/** What the *IT tests run the packaged service against: a database and a Kafka broker of their own. */
public record ProcessStack(Path root, TestPostgres pg, TestKafka kafka) {

    public static ProcessStack start() {
        Path root = Path.of(System.getProperty("project.root", ".")).toAbsolutePath();
        return new ProcessStack(root, TestPostgres.create(root), TestKafka.start(root));
    }

    /** A packaged instance of the service on this stack (not started). */
    public ServiceProcess service() {
        return new ServiceProcess(root, pg, kafka);
    }

    public void stop() {
        kafka.stop();
        pg.drop();
    }
}
