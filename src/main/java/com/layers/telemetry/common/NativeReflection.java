package com.layers.telemetry.common;

import com.layers.telemetry.admin.ApiKey;
import com.layers.telemetry.admin.Project;
import com.layers.telemetry.admin.ProjectAdminResource;
import com.layers.telemetry.admin.SdkApp;
import com.layers.telemetry.events.Conversions;
import com.layers.telemetry.events.EventQuery;
import com.layers.telemetry.ingest.IngestResult;
import com.layers.telemetry.users.Signal;
import com.layers.telemetry.users.UserViews;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Payloads Jackson serialises that the native build cannot see from resource signatures alone: entities inside
 * {@code Response}, bodies written by hand (error envelope, idempotent replays) and nested records.
 */
@RegisterForReflection(targets = {
        ErrorBody.class, ErrorBody.Detail.class,
        IngestResult.class, IngestResult.Detail.class,
        ApiKey.class, Project.class, SdkApp.class, SdkApp.RateLimit.class, ProjectAdminResource.Page.class,
        Signal.class, Signal.Consent.class, Signal.Retention.class,
        UserViews.Page.class, UserViews.Pagination.class, UserViews.UserSummary.class, UserViews.UserDetail.class,
        UserViews.UserEvent.class,
        EventQuery.Page.class, EventQuery.Event.class, Conversions.Report.class, Conversions.Row.class})
public final class NativeReflection {
    private NativeReflection() {
    }
}
