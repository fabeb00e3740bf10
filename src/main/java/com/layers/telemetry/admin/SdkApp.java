package com.layers.telemetry.admin;

import java.time.OffsetDateTime;

public record SdkApp(String id, String projectId, String name, String platform, OffsetDateTime createdAt) {
}
