package com.layers.telemetry.relay.platform;

import java.util.Map;

/**
 * A destination as an adapter needs it to build a request: the target (the adapter's {@link PlatformAdapter#target()}
 * field), its optional fields as set, the decrypted access token (held for one round only) and the test event code.
 */
public record PlatformDestination(
        String projectId,
        String sdkAppId,
        String target,
        Map<String, String> settings,
        String accessToken,
        String testEventCode) {}
