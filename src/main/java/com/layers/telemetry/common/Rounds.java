package com.layers.telemetry.common;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.function.IntPredicate;
import java.util.function.Supplier;

/** The loop the background workers share: a few drains at once, each round after round while there is more. */
public final class Rounds {
    /** Rounds one drain runs at most, so a tick ends. */
    public static final int MAX_PER_DRAIN = 50;

    private Rounds() {}

    /** {@code drains} drains at once; done when all are. */
    public static Uni<Void> atOnce(int drains, Supplier<Uni<Void>> drain) {
        return Multi.createFrom()
                .range(0, drains)
                .onItem()
                .transformToUniAndMerge(i -> drain.get())
                .collect()
                .last()
                .replaceWithVoid();
    }

    /** Round after round while {@code more} holds for the last one's count, at most {@link #MAX_PER_DRAIN}. */
    public static Uni<Void> whilst(Supplier<Uni<? extends Integer>> round, IntPredicate more) {
        return Uni.createFrom()
                .deferred(round)
                .repeat()
                .whilst(n -> more.test(n))
                .select()
                .first(MAX_PER_DRAIN)
                .collect()
                .last()
                .replaceWithVoid();
    }
}
