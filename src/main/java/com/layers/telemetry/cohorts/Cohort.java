package com.layers.telemetry.cohorts;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;

/** A cohort as stored, with its member count and how many of the users its last change queued are still to do. */
record Cohort(
        String projectId,
        String cohortId,
        String name,
        JsonNode rule,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        long backfillUsers,
        long members,
        long pending) {}
