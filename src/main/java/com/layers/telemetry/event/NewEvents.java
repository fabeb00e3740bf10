package com.layers.telemetry.event;

import java.util.List;

/**
 * The events a storage transaction found new, in dedup-key order.
 *
 * @param lane a number no other storage transaction running at the same time has (the lowest Kafka partition of the
 *     batch: concurrent consumers own disjoint partitions), so writers can spread a hot counter over rows by it and
 *     concurrent batches never wait on each other for it
 */
public record NewEvents(List<ReceivedEvent> events, int lane) {}
