package com.layers.telemetry.relay.platform;

/** A stored event on its way to a platform, under the name it goes by there. */
public record OutgoingEvent(RelayEvent event, String platformName) {}
