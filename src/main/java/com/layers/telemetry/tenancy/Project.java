package com.layers.telemetry.tenancy;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A tenant. {@code piiKeys}: property keys redacted like the built-in PII keys. {@code limitedDataUse}: every event
 * relayed for the project asks the platforms for Limited Data Use.
 */
@RegisterForReflection
public record Project(String id, String name, List<String> piiKeys, boolean limitedDataUse, OffsetDateTime createdAt) {}
