package com.layers.telemetry.admin;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** The admin API's list answers: {@code {"data": [...]}}. */
@RegisterForReflection
public record DataPage<T>(List<T> data) {}
