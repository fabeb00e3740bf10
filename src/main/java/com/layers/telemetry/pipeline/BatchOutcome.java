package com.layers.telemetry.pipeline;

import java.util.List;

/** What storing a batch came to: events newly stored, duplicates dropped, and the records to dead-letter. */
record BatchOutcome(int stored, int duplicates, List<DeadLetters.DeadLetter> deadLetters) {}
