package com.layers.telemetry.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.OffsetDateTime;
import java.util.List;

/** A minted key as the admin API shows it; {@code token} only in the answer that mints it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record ApiKey(String keyId, String token, List<String> scopes, List<String> projects, OffsetDateTime expiresAt,
        OffsetDateTime createdAt, OffsetDateTime revokedAt) {
}
