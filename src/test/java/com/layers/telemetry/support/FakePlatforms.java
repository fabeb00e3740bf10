package com.layers.telemetry.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.util.Map;

/**
 * Real HTTP fakes of the platforms the service calls (Meta Conversions API, TikTok Events API, Apple AdServices),
 * WireMock servers in the test JVM on free ports. By default they answer like the real platform on success; tests
 * script other answers and read what was received.
 */
public final class FakePlatforms {
    private static WireMockServer meta;
    private static WireMockServer tiktok;
    private static WireMockServer adservices;
    /** The test-only third platform's endpoint (relay/acme/AcmeAdapter in the test tree). */
    private static WireMockServer acme;

    private FakePlatforms() {}

    static synchronized Map<String, String> start() {
        meta = started();
        tiktok = started();
        adservices = started();
        acme = started();
        resetMeta();
        resetTiktok();
        acme.stubFor(post(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(202)));
        return Map.of(
                "relay.meta.url",
                meta.baseUrl(),
                "relay.tiktok.url",
                tiktok.baseUrl(),
                "relay.sender",
                "http",
                "adservices.url",
                adservices.baseUrl() + "/api/v1/",
                "relay.acme.url",
                acme.baseUrl());
    }

    static synchronized void stop() {
        for (WireMockServer s : new WireMockServer[] {meta, tiktok, adservices, acme}) {
            if (s != null) {
                s.stop();
            }
        }
    }

    public static WireMockServer meta() {
        return meta;
    }

    public static WireMockServer tiktok() {
        return tiktok;
    }

    public static WireMockServer adservices() {
        return adservices;
    }

    public static WireMockServer acme() {
        return acme;
    }

    /** Meta's success answer to every request. */
    public static void resetMeta() {
        meta.resetAll();
        meta.stubFor(post(anyUrl())
                .atPriority(10)
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"events_received\": 1, \"messages\": [], \"fbtrace_id\": \"AbCdEfFake\"}")));
    }

    /** TikTok's success answer to every request. */
    public static void resetTiktok() {
        tiktok.resetAll();
        tiktok.stubFor(post(anyUrl())
                .atPriority(10)
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(
                                "{\"code\": 0, \"message\": \"OK\", \"request_id\": \"fake-request\", \"data\": {}}")));
    }

    private static WireMockServer started() {
        WireMockServer s = new WireMockServer(WireMockConfiguration.options()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .containerThreads(16));
        s.start();
        return s;
    }
}
