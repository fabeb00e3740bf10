package com.layers.telemetry.tenancy;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.OffsetDateTime;
import java.util.List;

/** A tenant. {@code piiKeys}: property keys redacted like the built-in PII keys. */
@RegisterForReflection
public record Project(String id, String name, List<String> piiKeys, OffsetDateTime createdAt) {}
