package com.layers.telemetry.pipeline;

import java.util.List;

/**
 * What storing a batch came to: events newly stored, events withheld (their user is suppressed, or erased since they
 * were received), duplicates dropped, and the records to dead-letter.
 */
record BatchOutcome(int stored, int withheld, int duplicates, List<DeadLetters.DeadLetter> deadLetters) {}
