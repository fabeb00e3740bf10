package com.layers.telemetry.common;

import org.eclipse.microprofile.openapi.models.OpenAPI;

/**
 * A feature's part of the OpenAPI document that annotations cannot state (what only its beans know at run time, such
 * as the relay's platforms). Every bean implementing it is applied by {@link OpenApiContract} before the contract's
 * own rules (required fields, nullable request fields) run, so its additions follow them too. Mark the bean
 * {@code @Unremovable}: it is looked up, never injected.
 */
public interface OpenApiContribution {
    void contribute(OpenAPI api);
}
