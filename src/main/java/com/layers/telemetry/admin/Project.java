package com.layers.telemetry.admin;

import java.time.OffsetDateTime;

public record Project(String id, String name, OffsetDateTime createdAt) {
}
