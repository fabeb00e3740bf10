package com.layers.telemetry.cohorts;

import com.layers.telemetry.common.Poller;
import com.layers.telemetry.common.Rounds;
import com.layers.telemetry.event.StorageLoad;
import com.layers.telemetry.userdata.UserBlocks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The cohort materializer. Every instance leases due users from {@code cohort_queue} ({@code SKIP LOCKED}: no user is
 * worked twice at once), reads what their project's rules need as of one instant, decides every cohort of the project
 * for each, and writes the memberships (entries, exits) and the instant each user is due again (the earliest time a
 * window edge may change an answer) in one transaction. Rules are read from the table each round, so a change is in
 * force at once; a change also re-marks every user, so an evaluation under way with the old rule is done again.
 * While storage on this instance is behind, evaluation yields to it ({@link StorageLoad}).
 */
@ApplicationScoped
class CohortWorker {
    private static final Logger LOG = Logger.getLogger(CohortWorker.class);

    private final MembershipRepository repository;
    private final UserBlocks blocks;
    private final CohortConfig config;
    private final StorageLoad load;
    private final Counter evaluated;
    /** Parsed rules by project and cohort, kept while the stored rule is unchanged. */
    private final Map<String, ParsedRule> rules = new ConcurrentHashMap<>();

    private volatile Poller poller;
    /** While storage is behind, no round starts before this ({@link System#nanoTime()}). */
    private volatile long restUntil = System.nanoTime();

    CohortWorker(
            MembershipRepository repository,
            UserBlocks blocks,
            CohortConfig config,
            MeterRegistry registry,
            StorageLoad load) {
        this.repository = repository;
        this.load = load;
        this.blocks = blocks;
        this.config = config;
        this.evaluated = registry.counter("telemetry.cohorts.users.evaluated");
    }

    void start(@Observes StartupEvent event, Vertx vertx) {
        poller = Poller.start(vertx, config.pollInterval(), "Cohorts", this::tick);
    }

    void stop(@Observes ShutdownEvent event) {
        if (poller != null) {
            poller.stop();
        }
    }

    /**
     * Every drain at once, or, while storage on this instance is behind, one round, then a rest of four times its
     * length and at least {@code cohorts.backlog-pause}: evaluation takes at most a fifth of one connection's time.
     */
    Uni<Void> tick() {
        if (load.behind()) {
            long started = System.nanoTime();
            if (started - restUntil < 0) {
                return Uni.createFrom().voidItem();
            }
            return round().invoke(() -> {
                        long took = System.nanoTime() - started;
                        restUntil = System.nanoTime()
                                + Math.max(config.backlogPause().toNanos(), 4 * took);
                    })
                    .replaceWithVoid();
        }
        return Rounds.atOnce(config.concurrency(), this::drain);
    }

    /** Rounds while they come back full and storage is not behind (bounded, so a tick ends). */
    private Uni<Void> drain() {
        return Rounds.whilst(this::round, n -> n >= config.batchSize() && !load.behind());
    }

    /** One lease of due users, evaluated project by project. The number leased. */
    Uni<Integer> round() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return repository.claim(now, config.lease(), config.batchSize()).chain(claimed -> {
            if (claimed.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            Map<String, List<MembershipRepository.Claimed>> byProject = new TreeMap<>();
            claimed.forEach(c -> byProject
                    .computeIfAbsent(c.projectId(), p -> new ArrayList<>())
                    .add(c));
            return repository
                    .definitions(List.copyOf(byProject.keySet()))
                    .chain(defs -> Multi.createFrom()
                            .iterable(byProject.entrySet())
                            .onItem()
                            .transformToUniAndConcatenate(
                                    e -> evaluate(e.getKey(), e.getValue(), rulesOf(e.getKey(), defs), now))
                            .collect()
                            .last())
                    .replaceWith(claimed.size());
        });
    }

    private Uni<Void> evaluate(
            String projectId, List<MembershipRepository.Claimed> users, Map<String, CohortRule> cohorts, Instant now) {
        Set<CohortRule.WindowKey> windows = new LinkedHashSet<>();
        boolean[] retention = {false};
        cohorts.values().forEach(r -> collect(r, windows, retention));
        List<String> ids =
                users.stream().map(MembershipRepository.Claimed::appUserId).toList();
        return repository
                .facts(projectId, ids, List.copyOf(windows), retention[0], now)
                .chain(facts -> {
                    List<MembershipRepository.Outcome> outcomes = new ArrayList<>();
                    for (MembershipRepository.Claimed user : users) {
                        CohortFacts f = facts.get(user.appUserId());
                        if (f == null || blocks.suppressed(projectId, user.appUserId())) {
                            // Erased (no profile) or suppressed: in no cohort, and nothing to look at again.
                            outcomes.add(new MembershipRepository.Outcome(user, List.of(), null));
                            continue;
                        }
                        List<String> in = new ArrayList<>();
                        Instant next = null;
                        for (Map.Entry<String, CohortRule> c : cohorts.entrySet()) {
                            if (CohortEvaluator.matches(c.getValue(), f, now)) {
                                in.add(c.getKey());
                            }
                            Instant change = CohortEvaluator.nextChange(c.getValue(), f, now);
                            if (change != null && (next == null || change.isBefore(next))) {
                                next = change;
                            }
                        }
                        outcomes.add(new MembershipRepository.Outcome(user, in, next));
                    }
                    evaluated.increment(users.size());
                    return repository.write(projectId, List.copyOf(cohorts.keySet()), outcomes, now);
                })
                .onFailure()
                .recoverWithUni(e -> {
                    LOG.warnf(
                            "Cohorts of project %s: %d users stay queued for another round: %s",
                            projectId, users.size(), e.toString());
                    return repository.release(projectId, ids).onFailure().recoverWithNull();
                });
    }

    /** The project's cohorts by id (sorted, as the signal lists them), parsing only rules that changed. */
    private Map<String, CohortRule> rulesOf(String projectId, List<MembershipRepository.Definition> defs) {
        Map<String, CohortRule> out = new TreeMap<>();
        for (MembershipRepository.Definition d : defs) {
            if (!d.projectId().equals(projectId)) {
                continue;
            }
            String key = projectId + '\u0000' + d.cohortId();
            ParsedRule cached = rules.get(key);
            if (cached == null || !cached.updatedAt().equals(d.updatedAt())) {
                // Stored rules passed validation; limits may have been lowered since, which must not drop them.
                cached = new ParsedRule(
                        d.updatedAt(), CohortRuleParser.parse(d.rule(), Integer.MAX_VALUE, Integer.MAX_VALUE));
                rules.put(key, cached);
            }
            out.put(d.cohortId(), cached.rule());
        }
        return out;
    }

    private static void collect(CohortRule rule, Set<CohortRule.WindowKey> windows, boolean[] retention) {
        if (rule instanceof CohortRule.All all) {
            all.rules().forEach(r -> collect(r, windows, retention));
        } else if (rule instanceof CohortRule.Any any) {
            any.rules().forEach(r -> collect(r, windows, retention));
        } else if (rule instanceof CohortRule.Not not) {
            collect(not.rule(), windows, retention);
        } else if (rule instanceof CohortRule.Window w) {
            windows.add(w.key());
        } else if (rule instanceof CohortRule.Retention) {
            retention[0] = true;
        }
    }

    private record ParsedRule(OffsetDateTime updatedAt, CohortRule rule) {}
}
