package com.layers.telemetry.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.layers.telemetry.common.OpenApiContract;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An SDK app's write key as the admin API shows it: the key itself only in the answer that creates it, after that
 * its last four characters.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record WriteKey(
        String writeKeyId,
        String projectId,
        String sdkAppId,

        @Schema(
                description = "Only in the answer that creates the key",
                extensions = @Extension(name = OpenApiContract.OMITTED_WHEN_ABSENT, value = "true"))
        String writeKey,

        @Schema(description = "The key's last four characters, after the answer that creates it", example = "…x9Qa")
        String writeKeyHint,

        OffsetDateTime createdAt,

        @Schema(
                description = "Only once revoked",
                extensions = @Extension(name = OpenApiContract.OMITTED_WHEN_ABSENT, value = "true"))
        OffsetDateTime revokedAt) {}
