package com.layers.telemetry.attribution;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import com.layers.telemetry.common.Timestamps;
import com.layers.telemetry.common.UnnestColumns;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The exchange queue, always inside the worker's transaction: claim due exchanges (locked until the transaction ends,
 * skipped by every other worker), then record a round's attempts, decisions, Apple's records and the stamps on the
 * originating events, one statement each.
 */
@ApplicationScoped
class ExchangeRepository {
    /** The storage transaction's statement (AttributionOutboxWriter): one exchange per new token event. */
    static final String QUEUE = """
            INSERT INTO attribution_exchanges (project_id, sdk_app_id, event_id, app_user_id, occurred_at, received_at, token)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::text[])
            ON CONFLICT DO NOTHING""";

    private static final String CLAIM = """
            SELECT project_id, sdk_app_id, event_id, app_user_id, occurred_at, received_at, token, attempts, not_found
              FROM attribution_exchanges WHERE status = 'pending' AND due_at <= clock_timestamp()
             ORDER BY due_at LIMIT $1 FOR UPDATE SKIP LOCKED""";
    private static final String ATTEMPTS = """
            INSERT INTO attribution_attempts (project_id, sdk_app_id, event_id, attempted_at, http_status, outcome, message, duration_ms)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::int[], $6::text[], $7::text[], $8::int[])""";
    private static final String DECIDE = """
            UPDATE attribution_exchanges x
               SET status = u.status, outcome = u.outcome, attempts = x.attempts + 1, not_found = x.not_found + u.not_found,
                   due_at = coalesce(u.due_at, x.due_at), updated_at = clock_timestamp(),
                   token = CASE WHEN u.status = 'pending' THEN x.token END
              FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::timestamptz[])
                AS u(project_id, sdk_app_id, event_id, status, outcome, not_found, due_at)
             WHERE x.project_id = u.project_id AND x.sdk_app_id = u.sdk_app_id AND x.event_id = u.event_id""";
    private static final String RECORD = """
            INSERT INTO apple_ads_attributions (record_id, project_id, sdk_app_id, event_id, app_user_id, attribution, test, org_id,
                    campaign_id, ad_group_id, keyword_id, ad_id, creative_set_id, conversion_type, claim_type, country_or_region,
                    click_date, impression_date, supply_placement, installed_at, exchanged_at, raw)
            SELECT r.record_id, r.project_id, r.sdk_app_id, r.event_id, r.app_user_id, r.attribution, r.test, r.org_id, r.campaign_id,
                   r.ad_group_id, r.keyword_id, r.ad_id, r.creative_set_id, r.conversion_type, r.claim_type, r.country_or_region,
                   r.click_date, r.impression_date, r.supply_placement, r.installed_at, r.exchanged_at, r.raw::jsonb
              FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bool[], $7::bool[], $8::int8[], $9::int8[],
                          $10::int8[], $11::int8[], $12::int8[], $13::int8[], $14::text[], $15::text[], $16::text[],
                          $17::timestamptz[], $18::timestamptz[], $19::text[], $20::timestamptz[], $21::timestamptz[], $22::text[])
                AS r(record_id, project_id, sdk_app_id, event_id, app_user_id, attribution, test, org_id, campaign_id, ad_group_id,
                     keyword_id, ad_id, creative_set_id, conversion_type, claim_type, country_or_region, click_date, impression_date,
                     supply_placement, installed_at, exchanged_at, raw)
            ON CONFLICT (project_id, sdk_app_id, event_id) DO NOTHING""";
    private static final String STAMP = """
            UPDATE sdk_events e
               SET attribution_method = 'deterministic_adservices', asa_campaign_id = u.campaign_id, asa_ad_group_id = u.ad_group_id,
                   asa_country = u.country, asa_conversion_type = u.conversion_type
              FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::int8[], $6::int8[], $7::text[], $8::text[])
                AS u(project_id, sdk_app_id, event_id, occurred_at, campaign_id, ad_group_id, country, conversion_type)
             WHERE e.project_id = u.project_id AND e.occurred_at = u.occurred_at AND e.event_id = u.event_id
               AND e.sdk_app_id = u.sdk_app_id""";
    private static final String DEPTH = "SELECT count(*) AS depth FROM attribution_exchanges WHERE status = 'pending'";

    private final TimeBasedEpochGenerator recordIds = Generators.timeBasedEpochGenerator();

    Uni<List<PendingExchange>> claim(SqlConnection tx, int limit) {
        return tx.preparedQuery(CLAIM).execute(Tuple.of(limit)).map(rows -> {
            List<PendingExchange> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(new PendingExchange(
                        r.getString("project_id"),
                        r.getString("sdk_app_id"),
                        r.getString("event_id"),
                        r.getString("app_user_id"),
                        r.getOffsetDateTime("occurred_at").toInstant(),
                        r.getOffsetDateTime("received_at").toInstant(),
                        r.getString("token"),
                        r.getInteger("attempts"),
                        r.getInteger("not_found")));
            }
            return out;
        });
    }

    /**
     * One attempt of a round: the exchange, when it was made, what came back (null when no call was made: the user's
     * privacy request withheld it) and what the policy made of it.
     */
    record Attempt(PendingExchange exchange, Instant at, ExchangeAnswer answer, ExchangePolicy.Step step) {
        boolean called() {
            return answer != null;
        }
    }

    Uni<Void> record(SqlConnection tx, List<Attempt> attempts) {
        List<Attempt> called = attempts.stream().filter(Attempt::called).toList();
        return (called.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : tx.preparedQuery(ATTEMPTS)
                                .execute(attemptColumns(called))
                                .replaceWithVoid())
                .chain(() -> tx.preparedQuery(DECIDE).execute(decisionColumns(attempts)))
                .chain(() -> {
                    List<Attempt> exchanged = attempts.stream()
                            .filter(a -> a.step().record().isPresent())
                            .toList();
                    return exchanged.isEmpty()
                            ? Uni.createFrom().voidItem()
                            : tx.preparedQuery(RECORD)
                                    .execute(recordColumns(exchanged))
                                    .replaceWithVoid();
                })
                .chain(() -> {
                    List<Attempt> attributed = attempts.stream()
                            .filter(a -> a.step()
                                    .record()
                                    .filter(r -> r.attribution() && !r.testData())
                                    .isPresent())
                            .toList();
                    return attributed.isEmpty()
                            ? Uni.createFrom().voidItem()
                            : tx.preparedQuery(STAMP)
                                    .execute(stampColumns(attributed))
                                    .replaceWithVoid();
                });
    }

    Uni<Long> depth(Pool pool) {
        return pool.query(DEPTH).execute().map(rows -> rows.iterator().next().getLong("depth"));
    }

    private static Tuple attemptColumns(List<Attempt> attempts) {
        UnnestColumns c = new UnnestColumns(
                attempts.size(),
                String.class,
                String.class,
                String.class,
                OffsetDateTime.class,
                Integer.class,
                String.class,
                String.class,
                Integer.class);
        for (Attempt a : attempts) {
            PendingExchange x = a.exchange();
            c.add(
                    x.projectId(),
                    x.sdkAppId(),
                    x.eventId(),
                    Timestamps.utc(a.at()),
                    a.answer() instanceof ExchangeAnswer.Answered answered ? answered.status() : null,
                    a.step().attemptOutcome(),
                    message(a),
                    (int) a.answer().durationMs());
        }
        return c.tuple();
    }

    private static Tuple decisionColumns(List<Attempt> attempts) {
        UnnestColumns c = new UnnestColumns(
                attempts.size(),
                String.class,
                String.class,
                String.class,
                String.class,
                String.class,
                Integer.class,
                OffsetDateTime.class);
        for (Attempt a : attempts) {
            PendingExchange x = a.exchange();
            ExchangePolicy.Step s = a.step();
            String status = switch (s.status()) {
                case EXCHANGED -> "exchanged";
                case FAILED -> "failed";
                case RETRY -> "pending";
            };
            c.add(
                    x.projectId(),
                    x.sdkAppId(),
                    x.eventId(),
                    status,
                    s.outcome(),
                    "not_found".equals(s.attemptOutcome()) ? 1 : 0,
                    Timestamps.utc(s.dueAt()));
        }
        return c.tuple();
    }

    private Tuple recordColumns(List<Attempt> exchanged) {
        UnnestColumns c = new UnnestColumns(
                exchanged.size(),
                String.class,
                String.class,
                String.class,
                String.class,
                String.class,
                Boolean.class,
                Boolean.class,
                Long.class,
                Long.class,
                Long.class,
                Long.class,
                Long.class,
                Long.class,
                String.class,
                String.class,
                String.class,
                OffsetDateTime.class,
                OffsetDateTime.class,
                String.class,
                OffsetDateTime.class,
                OffsetDateTime.class,
                String.class);
        for (Attempt a : exchanged) {
            PendingExchange x = a.exchange();
            AppleAttribution r = a.step().record().orElseThrow();
            c.add(
                    recordIds.generate().toString(),
                    x.projectId(),
                    x.sdkAppId(),
                    x.eventId(),
                    x.appUserId(),
                    r.attribution(),
                    r.testData(),
                    r.orgId(),
                    r.campaignId(),
                    r.adGroupId(),
                    r.keywordId(),
                    r.adId(),
                    r.creativeSetId(),
                    r.conversionType(),
                    r.claimType(),
                    r.countryOrRegion(),
                    Timestamps.utc(r.clickDate()),
                    Timestamps.utc(r.impressionDate()),
                    r.supplyPlacement(),
                    Timestamps.utc(x.occurredAt()),
                    Timestamps.utc(a.at().plusMillis(a.answer().durationMs())),
                    r.raw().toString());
        }
        return c.tuple();
    }

    private static Tuple stampColumns(List<Attempt> attributed) {
        UnnestColumns c = new UnnestColumns(
                attributed.size(),
                String.class,
                String.class,
                String.class,
                OffsetDateTime.class,
                Long.class,
                Long.class,
                String.class,
                String.class);
        for (Attempt a : attributed) {
            PendingExchange x = a.exchange();
            AppleAttribution r = a.step().record().orElseThrow();
            c.add(
                    x.projectId(),
                    x.sdkAppId(),
                    x.eventId(),
                    Timestamps.utc(x.occurredAt()),
                    r.campaignId(),
                    r.adGroupId(),
                    r.countryOrRegion(),
                    r.conversionType());
        }
        return c.tuple();
    }

    /** What to keep of an answer that was not a record: the error, or the start of the body, never the token. */
    private static String message(Attempt a) {
        String m = a.answer() instanceof ExchangeAnswer.Answered answered
                ? a.step().record().isPresent() ? null : answered.body()
                : ((ExchangeAnswer.Unanswered) a.answer()).error();
        if (m == null || m.isEmpty()) {
            return null;
        }
        m = m.replace(a.exchange().token(), "****");
        return m.length() <= 500 ? m : m.substring(0, 500);
    }
}
