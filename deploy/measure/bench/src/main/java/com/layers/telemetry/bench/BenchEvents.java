package com.layers.telemetry.bench;

import java.time.Instant;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Realistic events (~670 bytes of JSON: properties with a {@code $set}, full SDK context, consent), spread over many
 * users and SDK apps. The same generator feeds HTTP batches, direct Kafka records and the bare-insert baseline, so
 * every step of a run handles the same kind of rows.
 */
final class BenchEvents {
    static final String[] NAMES = {"screen_view", "app_open", "paywall_open", "Purchase", "level_complete", "tap"};

    /** Event ids as partners send them: random (UUIDv4, Stripe ids…) or time-ordered (UUIDv7-like). */
    enum Ids {
        RANDOM,
        ORDERED
    }

    private final String projectId;
    private final int apps;
    private final int users;
    private final Ids ids;
    private final SplittableRandom rnd;

    BenchEvents(String projectId, int apps, int users, Ids ids, long seed) {
        this.projectId = projectId;
        this.apps = apps;
        this.users = users;
        this.ids = ids;
        this.rnd = new SplittableRandom(seed);
    }

    /** One generated event and the columns the storage path derives from it. */
    record Event(
            String sdkAppId,
            String appUserId,
            String eventId,
            String name,
            Instant occurredAt,
            String json,
            String properties,
            String context,
            String deviceId,
            String revenue,
            String currency) {}

    String projectId() {
        return projectId;
    }

    String app() {
        return "app_bench_" + rnd.nextInt(apps);
    }

    Event next(String sdkAppId, Instant occurredAt) {
        int user = rnd.nextInt(users);
        String name = NAMES[rnd.nextInt(NAMES.length)];
        String eventId = eventId(occurredAt);
        boolean purchase = "Purchase".equals(name);
        String properties =
                "{\"screen\":\"paywall_v3\",\"plan\":\"pro_yearly\",\"ab_bucket\":\"" + (char) ('A' + rnd.nextInt(4))
                        + "\",\"session_id\":\"s-" + Long.toHexString(rnd.nextLong()) + "\",\"campaign_id\":\"camp_"
                        + rnd.nextInt(40)
                        + "\",\"paywall_id\":\"pw_main\""
                        + (purchase
                                ? ",\"revenue\":9.99,\"currency\":\"USD\",\"product_id\":\"com.app.pro_monthly\",\"quantity\":1"
                                : "")
                        + ",\"$set\":{\"plan\":\"pro\",\"last_screen\":\"paywall_v3\"}}";
        String deviceId = "dev-" + user;
        String context = "{\"ip\":\"203.0.113." + rnd.nextInt(255)
                + "\",\"userAgent\":\"MyApp/4.2.1 (iPhone; iOS 17.4; Scale/3.00)\","
                + "\"locale\":\"en-US\",\"timezone\":\"Europe/Berlin\",\"app\":{\"version\":\"4.2.1\"},"
                + "\"device\":{\"id\":\"" + deviceId
                + "\",\"os\":\"iOS\",\"osVersion\":\"17.4\",\"model\":\"iPhone15,2\"},"
                + "\"attStatus\":\"authorized\",\"consent\":{\"analytics\":true,\"marketing\":true,\"personalization\":false}}";
        String appUserId = "user_" + user;
        String json = "{\"name\":\"" + name + "\",\"occurredAt\":\"" + occurredAt + "\",\"appUserId\":\"" + appUserId
                + "\",\"eventId\":\"" + eventId + "\",\"properties\":" + properties + ",\"context\":" + context + "}";
        return new Event(
                sdkAppId,
                appUserId,
                eventId,
                name,
                occurredAt,
                json,
                properties,
                context,
                deviceId,
                purchase ? "9.99" : null,
                purchase ? "USD" : null);
    }

    /** A 100-event body for POST /v1/events. */
    String batch(String sdkAppId, Instant occurredAt) {
        StringBuilder sb = new StringBuilder(72 * 1024);
        sb.append("{\"projectId\":\"")
                .append(projectId)
                .append("\",\"sdkAppId\":\"")
                .append(sdkAppId)
                .append("\",\"events\":[");
        for (int i = 0; i < 100; i++) {
            sb.append(i > 0 ? "," : "")
                    .append(next(sdkAppId, occurredAt.plusNanos(1_000L * i)).json());
        }
        return sb.append("]}").toString();
    }

    /** The same 100 events as a Segment tracking API batch ({@code track} calls) for POST /v1/batch. */
    String segmentBatch(String sdkAppId, Instant occurredAt) {
        StringBuilder sb = new StringBuilder(72 * 1024).append("{\"batch\":[");
        for (int i = 0; i < 100; i++) {
            Event e = next(sdkAppId, occurredAt.plusNanos(1_000L * i));
            sb.append(i > 0 ? "," : "")
                    .append("{\"type\":\"track\",\"event\":\"")
                    .append(e.name())
                    .append("\",\"userId\":\"")
                    .append(e.appUserId())
                    .append("\",\"messageId\":\"")
                    .append(e.eventId())
                    .append("\",\"timestamp\":\"")
                    .append(e.occurredAt())
                    .append("\",\"properties\":")
                    .append(e.properties())
                    .append(",\"context\":")
                    .append(e.context())
                    .append('}');
        }
        return sb.append("],\"sentAt\":\"").append(Instant.now()).append("\"}").toString();
    }

    /** The direct-producer record value: {@code {"projectId", "sdkAppId", "event"}}. */
    String recordValue(Event e) {
        return "{\"projectId\":\"" + projectId + "\",\"sdkAppId\":\"" + e.sdkAppId() + "\",\"event\":" + e.json() + "}";
    }

    private String eventId(Instant at) {
        if (ids == Ids.RANDOM) {
            return new UUID(
                            rnd.nextLong() & ~0xF000L | 0x4000L,
                            rnd.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L)
                    .toString();
        }
        // UUIDv7 layout: 48 bits of milliseconds first, so ids sort by time.
        long msb = (at.toEpochMilli() << 16) | 0x7000L | (rnd.nextInt() & 0x0FFF);
        return new UUID(msb, rnd.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L).toString();
    }
}
