package com.layers.telemetry.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.layers.telemetry.common.OpenApiContract;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A minted key as the admin API shows it; {@code token} only in the answer that mints it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record ApiKey(
        String keyId,

        @Schema(
                description = "Only in the answer that mints the key",
                extensions = @Extension(name = OpenApiContract.OMITTED_WHEN_ABSENT, value = "true"))
        String token,

        List<String> scopes,
        List<String> projects,
        OffsetDateTime expiresAt,

        @Schema(
                description = "Not in the answer that mints the key",
                extensions = @Extension(name = OpenApiContract.OMITTED_WHEN_ABSENT, value = "true"))
        OffsetDateTime createdAt,

        @Schema(
                description = "Only once revoked",
                extensions = @Extension(name = OpenApiContract.OMITTED_WHEN_ABSENT, value = "true"))
        OffsetDateTime revokedAt) {}
