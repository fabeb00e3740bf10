package com.layers.telemetry.relay;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.layers.telemetry.common.ApiException;
import com.layers.telemetry.relay.platform.PlatformAdapter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code PUT …/destinations/{destination}}: the fields every platform shares, and the platform's own
 * (its target and optional fields, {@link PlatformAdapter}), validated by what the platform declares.
 */
public record DestinationRequest(
        @Schema(
                minLength = 1,
                maxLength = 2048,
                pattern = "^[\\x21-\\x7e]+$",
                description = "Write-only: stored encrypted, never returned")
        String accessToken,

        @Schema(minLength = 1, maxLength = 64) String testEventCode,
        @Schema(description = "Default true") Boolean enabled,

        @Schema(description = "Event name -> platform name (1-128 characters each), or null to never send that name")
        Map<String, String> eventMapping,

        @Schema(description = "Send names without a mapping as they are (default false)")
        Boolean forwardUnmapped,

        @JsonAnySetter @Schema(hidden = true) Map<String, Object> platformFields) {
    static final String FIELD_PATTERN = "^[A-Za-z0-9_-]{1,64}$";
    private static final Pattern FIELD = Pattern.compile(FIELD_PATTERN);

    public DestinationRequest {
        platformFields = platformFields == null ? new LinkedHashMap<>() : platformFields;
    }

    /** The platform's target and optional fields as given, checked; a refusal names the field. */
    Map<String, String> validate(PlatformAdapter platform, Platforms platforms) {
        Map<String, String> fields = new LinkedHashMap<>();
        String target = field(platform.target().name());
        if (target == null) {
            throw ApiException.validation(platform.target().name() + " is required");
        }
        fields.put(platform.target().name(), target);
        if (accessToken == null || accessToken.isBlank()) {
            throw ApiException.validation("accessToken is required");
        }
        if (accessToken.length() > 2048 || accessToken.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw ApiException.validation("accessToken must be up to 2048 printable characters without spaces");
        }
        if (testEventCode != null && (testEventCode.isBlank() || testEventCode.length() > 64)) {
            throw ApiException.validation("testEventCode must be 1-64 characters");
        }
        for (String name : platformFields.keySet()) {
            boolean own = platform.target().name().equals(name)
                    || platform.optionalFields().stream().anyMatch(f -> f.name().equals(name));
            List<PlatformAdapter> others = platforms.taking(name);
            if (!own && !others.isEmpty() && platformFields.get(name) != null) {
                throw ApiException.validation(name + " applies to "
                        + others.stream().map(PlatformAdapter::displayName).collect(Collectors.joining(" and "))
                        + " destinations only");
            }
        }
        for (PlatformAdapter.Field optional : platform.optionalFields()) {
            String value = field(optional.name());
            if (value != null) {
                fields.put(optional.name(), value);
            }
        }
        if (eventMapping != null) {
            eventMapping.forEach((from, to) -> {
                if (from.isEmpty() || from.length() > 128 || (to != null && (to.isBlank() || to.length() > 128))) {
                    throw ApiException.validation(
                            "eventMapping maps event names (1-128 characters) to platform names (1-128 characters) or null");
                }
            });
        }
        return fields;
    }

    /** A platform field: null when absent or null, else 1-64 of [A-Za-z0-9_-]. */
    private String field(String name) {
        Object value = platformFields.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw ApiException.validation(name + " has the wrong type");
        }
        if (!FIELD.matcher(text).matches()) {
            throw ApiException.validation(name + " must be 1-64 letters, digits, '_' or '-'");
        }
        return text;
    }
}
