package com.layers.telemetry.admin;

import java.time.OffsetDateTime;
import java.util.List;

/** A tenant. {@code piiKeys}: property keys redacted like the built-in PII keys. */
public record Project(String id, String name, List<String> piiKeys, OffsetDateTime createdAt) {
}
