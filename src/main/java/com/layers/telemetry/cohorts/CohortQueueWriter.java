package com.layers.telemetry.cohorts;

import com.layers.telemetry.common.SqlStatement;
import com.layers.telemetry.event.NewEvents;
import com.layers.telemetry.event.NewEventsWriter;
import com.layers.telemetry.event.ReceivedEvent;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Marks the batch's users for evaluation, in the storage transaction, when their project has cohorts: a membership
 * then follows the event within a poll of the materializer. One statement per batch; users in code-point order (as
 * the materializer locks them: the key columns are {@code COLLATE "C"}), so concurrent transactions take row locks
 * alike. A user already due and not being evaluated is left as is: the evaluation to come sees this batch.
 */
@ApplicationScoped
class CohortQueueWriter implements NewEventsWriter {
    static final String MARK = """
            INSERT INTO cohort_queue AS q (project_id, app_user_id, due_at)
            SELECT t.project_id, t.app_user_id, clock_timestamp()
              FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(project_id, app_user_id, i)
             WHERE EXISTS (SELECT 1 FROM cohorts c WHERE c.project_id = t.project_id)
             ORDER BY t.i
            ON CONFLICT (project_id, app_user_id) DO UPDATE
                SET due_at = least(q.due_at, EXCLUDED.due_at), version = q.version + 1
              WHERE q.leased_until IS NOT NULL OR q.due_at > EXCLUDED.due_at""";

    @Override
    public Phase phase() {
        return Phase.OUTBOXES;
    }

    @Override
    public List<SqlStatement> statements(NewEvents fresh) {
        TreeSet<String> keys = new TreeSet<>();
        for (ReceivedEvent e : fresh.events()) {
            keys.add(e.projectId() + '\u0000' + e.event().appUserId());
        }
        List<String> projects = new ArrayList<>(keys.size());
        List<String> users = new ArrayList<>(keys.size());
        for (String k : keys) {
            int cut = k.indexOf('\u0000');
            projects.add(k.substring(0, cut));
            users.add(k.substring(cut + 1));
        }
        return List.of(new SqlStatement(MARK, Tuple.of(projects.toArray(String[]::new), users.toArray(String[]::new))));
    }
}
