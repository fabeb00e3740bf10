package com.layers.telemetry.support;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Every log line the service in the test JVM writes while it is started: level, message, parameters and exception. */
public final class LogCapture extends Handler {
    private final List<String> lines = new CopyOnWriteArrayList<>();

    public LogCapture start() {
        Logger.getLogger("").addHandler(this);
        return this;
    }

    /** The lines captured so far, while capturing goes on. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** Stops capturing; the lines captured so far. */
    public List<String> stop() {
        Logger.getLogger("").removeHandler(this);
        return lines;
    }

    @Override
    public void publish(LogRecord r) {
        lines.add(r.getLevel() + " " + r.getMessage() + " " + Arrays.toString(r.getParameters()) + " " + r.getThrown());
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
}
