package com.layers.telemetry.userdata;

import com.layers.telemetry.common.SqlStatement;
import java.time.Instant;
import java.util.List;

/**
 * A feature that keeps derived state per user (cohort memberships) and must look at users again when they are
 * suppressed or unsuppressed. A privacy request runs every implementation's statements ({@code @All}) in the
 * transaction that changes the suppression list.
 */
public interface SuppressionListener {
    /**
     * @param inForceEverywhere when every instance holds the change ({@code privacy.settle} after the request): work
     *     done before it may still see the old list
     */
    List<SqlStatement> suppressionChanged(String projectId, List<String> appUserIds, Instant inForceEverywhere);
}
