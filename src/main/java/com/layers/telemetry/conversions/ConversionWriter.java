package com.layers.telemetry.conversions;

import com.layers.telemetry.common.SqlStatement;
import com.layers.telemetry.event.Event;
import com.layers.telemetry.event.NewEvents;
import com.layers.telemetry.event.NewEventsWriter;
import com.layers.telemetry.event.ReceivedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.TreeMap;

/** Folds newly stored revenue events into the daily conversions rollup (the batch's lane of it), in the storage transaction. */
@ApplicationScoped
class ConversionWriter implements NewEventsWriter {
    /** ISO 4217's code for "no currency", for revenue sent without one. */
    static final String NO_CURRENCY = "XXX";

    private final ConversionRepository conversions;

    ConversionWriter(ConversionRepository conversions) {
        this.conversions = conversions;
    }

    @Override
    public Phase phase() {
        return Phase.ROLLUPS;
    }

    @Override
    public List<SqlStatement> statements(NewEvents fresh) {
        TreeMap<ConversionRepository.Key, ConversionRepository.Sum> sums = new TreeMap<>();
        for (ReceivedEvent in : fresh.events()) {
            Event e = in.event();
            if (e.revenue() != null) {
                LocalDate day = e.occurredAt().atZone(ZoneOffset.UTC).toLocalDate();
                sums.merge(
                        new ConversionRepository.Key(
                                in.projectId(), day, e.name(), e.currency() != null ? e.currency() : NO_CURRENCY),
                        new ConversionRepository.Sum(1, e.revenue()),
                        ConversionRepository.Sum::plus);
            }
        }
        return sums.isEmpty() ? List.of() : List.of(conversions.add(sums, fresh.lane()));
    }
}
