package com.layers.telemetry.userdata;

import com.layers.telemetry.common.Pages.CursorPage;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/** Every item of a keyset listing, a page at a time, each page read only when the one before it was consumed. */
public final class Paging {
    private Paging() {}

    /** @param page the page after a cursor (null: the first page) */
    public static <T> Multi<T> all(Function<String, Uni<CursorPage<T>>> page) {
        return Multi.createBy()
                .repeating()
                .uni(
                        () -> new AtomicReference<String>(),
                        next -> page.apply(next.get()).invoke(p -> next.set(p.nextCursor())))
                .whilst(p -> p.nextCursor() != null)
                .onItem()
                .transformToIterable(CursorPage::data);
    }
}
