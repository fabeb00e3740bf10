package com.layers.telemetry.admin;

import com.layers.telemetry.auth.Scopes;
import com.layers.telemetry.common.ApiException;
import com.layers.telemetry.tenancy.SdkApp;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Bodies of the admin endpoints, each validating itself into the error envelope's terms. */
public final class AdminRequests {
    private static final String ID_BODY = "[A-Za-z0-9][A-Za-z0-9_-]{0,63}";
    static final String ID_PATTERN = "^" + ID_BODY + "$";
    static final Pattern ID = Pattern.compile(ID_BODY);
    static final Set<String> PLATFORMS = Set.of("ios", "android", "web", "server", "other");

    private AdminRequests() {}

    public record CreateProject(
            @Schema(pattern = ID_PATTERN, description = "Generated (a UUID) when absent")
            String id,

            @Schema(required = true, minLength = 1, maxLength = 200)
            String name,

            @Schema(
                    type = SchemaType.ARRAY,
                    implementation = PropertyKey.class,
                    description = "Extra property keys redacted like the built-in PII keys")
            List<String> piiKeys,

            @Schema(
                    description = "Every event relayed for the project asks the ad platforms for Limited Data Use "
                            + "(default false)")
            Boolean limitedDataUse) {
        void validate() {
            optionalId(id, "id");
            requireName(name);
            noNullElements(piiKeys, "piiKeys");
            if (piiKeys != null && piiKeys.stream().anyMatch(k -> k.isEmpty() || k.length() > 255)) {
                throw ApiException.validation("piiKeys must be property names of 1-255 characters");
            }
        }
    }

    /** The fields of a project that may change after creation. */
    public record UpdateProject(
            @Schema(
                    required = true,
                    description = "Every event relayed for the project asks the ad platforms for Limited Data Use")
            Boolean limitedDataUse) {
        void validate() {
            if (limitedDataUse == null) {
                throw ApiException.validation("limitedDataUse is required");
            }
        }
    }

    public record CreateSdkApp(
            @Schema(pattern = ID_PATTERN, description = "Generated (app_ + 24 hex) when absent")
            String id,

            @Schema(required = true, minLength = 1, maxLength = 200)
            String name,

            @Schema(
                    required = true,
                    enumeration = {"ios", "android", "web", "server", "other"})
            String platform,

            @Schema(description = "Overrides the ingest rate limit defaults")
            SdkApp.RateLimit rateLimit) {
        void validate() {
            optionalId(id, "id");
            requireName(name);
            if (platform == null || !PLATFORMS.contains(platform)) {
                throw ApiException.validation("platform must be one of "
                        + String.join(", ", PLATFORMS.stream().sorted().toList()));
            }
            if (rateLimit != null) {
                positive(rateLimit.eventsPerSecond(), "rateLimit.eventsPerSecond");
                positive(rateLimit.burst(), "rateLimit.burst");
            }
        }
    }

    /** Document only: one scope of a key. */
    @Schema(
            name = "Scope",
            type = SchemaType.STRING,
            enumeration = {
                Scopes.EVENTS_WRITE,
                Scopes.EVENTS_READ,
                Scopes.EVENTS_READ_PII,
                Scopes.PRIVACY_WRITE,
                Scopes.COHORTS_WRITE,
                Scopes.ADMIN
            })
    interface ScopeName {}

    /** Document only: a project a key may touch. */
    @Schema(name = "ProjectRef", type = SchemaType.STRING, pattern = "^(\\*|" + ID_BODY + ")$")
    interface ProjectRef {}

    /** Document only: a property key. */
    @Schema(name = "PropertyKey", type = SchemaType.STRING, minLength = 1, maxLength = 255)
    interface PropertyKey {}

    private static void positive(Integer value, String field) {
        if (value != null && value < 1) {
            throw ApiException.validation(field + " must be a positive integer");
        }
    }

    /** {@code expiresInDays} is bound as a long so that any integer gets the range message, not an overflow. */
    public record CreateKey(
            @Schema(required = true, type = SchemaType.ARRAY, implementation = ScopeName.class, minItems = 1)
            List<String> scopes,

            @Schema(
                    required = true,
                    type = SchemaType.ARRAY,
                    implementation = ProjectRef.class,
                    description =
                            "Project ids the key may touch, or \"*\" for every project (may be empty for an admin-only key)")
            List<String> projects,

            @Schema(minimum = "1", maximum = "3650", description = "Default 365")
            Long expiresInDays) {
        void validate() {
            if (scopes == null || scopes.isEmpty()) {
                throw ApiException.validation("scopes must list at least one of "
                        + String.join(", ", Scopes.ALL.stream().sorted().toList()));
            }
            noNullElements(scopes, "scopes");
            noNullElements(projects, "projects");
            for (String scope : scopes) {
                if (!Scopes.ALL.contains(scope)) {
                    throw ApiException.validation("scopes: unknown scope '" + scope + "'");
                }
            }
            if (projects == null || (projects.isEmpty() && !scopes.equals(List.of(Scopes.ADMIN)))) {
                throw ApiException.validation("projects must list the project ids the key may touch (or \"*\")");
            }
            for (String project : projects) {
                if ((!Scopes.ANY_PROJECT.equals(project) && !ID.matcher(project).matches())) {
                    throw ApiException.validation("projects: '" + project + "' is not a project id");
                }
            }
            if (expiresInDays != null && (expiresInDays < 1 || expiresInDays > 3650)) {
                throw ApiException.validation("expiresInDays must be between 1 and 3650");
            }
        }
    }

    /** A JSON null inside a list is never a value: 400 naming its index. */
    private static void noNullElements(List<?> list, String field) {
        if (list == null) {
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == null) {
                throw ApiException.validation(field + "[" + i + "] must not be null");
            }
        }
    }

    private static void optionalId(String id, String field) {
        if (id != null && !ID.matcher(id).matches()) {
            throw ApiException.validation(
                    field + " must be 1-64 letters, digits, '_' or '-', starting with a letter or digit");
        }
    }

    private static void requireName(String name) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw ApiException.validation("name is required (1-200 characters)");
        }
    }
}
