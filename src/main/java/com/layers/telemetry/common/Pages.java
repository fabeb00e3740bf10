package com.layers.telemetry.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The three shapes a list answer takes, one home for all: a whole list ({@code {"data"}}), a keyset page with an
 * opaque cursor ({@code {"data", "nextCursor"}}), and an offset page ({@code {"data", "pagination"}}). (The Apple Ads
 * attribution listing keeps the partner reference's own {@code records} field.)
 */
public final class Pages {
    private Pages() {}

    /** A whole list: the admin API's lists. */
    @RegisterForReflection
    public record DataList<T>(List<T> data) {}

    /** A keyset page: pass {@code nextCursor} back as {@code cursor}; null on the last page. */
    @RegisterForReflection
    public record CursorPage<T>(
            List<T> data, @Schema(nullable = true) String nextCursor) {

        /**
         * The page of {@code rows} read one past {@code limit}: the first {@code limit} as views, and when there were
         * more, the cursor of the last one shown.
         */
        public static <R, T> CursorPage<T> of(
                List<R> rows, int limit, Function<R, T> view, Function<R, String> cursor) {
            List<R> shown = rows.size() > limit ? rows.subList(0, limit) : rows;
            return new CursorPage<>(
                    shown.stream().map(view).toList(), rows.size() > limit ? cursor.apply(shown.get(limit - 1)) : null);
        }
    }

    /** An offset page, with where it stands in the whole. */
    @RegisterForReflection
    public record OffsetPage<T>(List<T> data, Pagination pagination) {}

    /** {@code asOf} (an addition to the partner reference): pass it back on later pages to page over a fixed snapshot. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection
    public record Pagination(
            int limit,
            int offset,
            long total,

            @JsonProperty("asOf")
            @Schema(
                    format = "date-time",
                    description = "Only where a snapshot applies (a user's events)",
                    extensions = @Extension(name = OpenApiContract.OMITTED_WHEN_ABSENT, value = "true"))
            String asOf) {}
}
