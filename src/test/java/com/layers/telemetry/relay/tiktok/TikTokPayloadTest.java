package com.layers.telemetry.relay.tiktok;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.layers.telemetry.relay.platform.RelayEvents;
import com.layers.telemetry.relay.platform.SendResult;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** TikTok's per-event body and how its answers are read. */
@Tag("unit")
class TikTokPayloadTest {
    @Test
    void tiktokAppEvent() throws Exception {
        JsonNode e = TikTokPayload.event(
                RelayEvents.purchase(
                        """
                {"ip": "203.0.113.7", "userAgent": "App/1.0", "locale": "en_US", "app": {"version": "4.2.1"},
                 "device": {"os": "iOS", "advertisingId": "7A3CBEA0-BDF5-11E4-8DFC-AA07A5B093DB"}}""",
                        "{\"email\": \"test@test.com\", \"phone\": \"(650)555-1212\", \"externalId\": \"testId123\"}",
                        "authorized"),
                "Purchase",
                "1234567890");
        assertThat(e.get("event").asText()).isEqualTo("Purchase");
        assertThat(e.get("event_time").asLong()).isEqualTo(1_795_168_800L);
        JsonNode u = e.get("user");
        assertThat(u.get("email").asText())
                .isEqualTo("f660ab912ec121d1b1e928a0bb4bc61b15f5ad44d5efdc4e1c92a25e99b8e44a");
        assertThat(u.get("phone").asText())
                .isEqualTo("1e231c66011e7a2d867a9cfae267a6aff103cf4913640b6e71a99850fc0ffbc8");
        assertThat(u.get("external_id").asText())
                .isEqualTo("481f202262e9c5ccc48d24e60798fadaa5f6ff1f8369f7ab927c04c3aa682a7f");
        assertThat(u.get("idfa").asText())
                .isEqualTo("08f1f8e9e433f685c514154e1a5b0dfe1885c6f140a7e3eff08a037bda13dcc1");
        assertThat(u.get("ip").asText()).isEqualTo("203.0.113.7");
        assertThat(u.get("user_agent").asText()).isEqualTo("App/1.0");
        assertThat(u.get("att_status").asText()).isEqualTo("AUTHORIZED");
        assertThat(e.get("app").get("app_id").asText()).isEqualTo("1234567890");
        assertThat(e.get("app").get("app_version").asText()).isEqualTo("4.2.1");
        JsonNode p = e.get("properties");
        assertThat(p.get("contents").get(0).get("content_id").asText()).isEqualTo("pro_yearly");
        assertThat(p.get("contents").get(0).get("price").decimalValue()).isEqualByComparingTo("19.99");
        assertThat(p.get("content_type").asText()).isEqualTo("product");
        assertThat(e.get("limited_data_use").asBoolean()).isFalse();
    }

    @Test
    void tiktokFlagsLimitedDataUsePerEvent() throws Exception {
        JsonNode e = TikTokPayload.event(RelayEvents.purchase("{}", "{}", null, true), "Purchase", null);
        assertThat(e.get("limited_data_use").isBoolean()).isTrue();
        assertThat(e.get("limited_data_use").asBoolean()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "200|{\"code\":0,\"message\":\"OK\",\"request_id\":\"r\"}|SENT",
                "200|{\"code\":40100,\"message\":\"throttled\"}|RETRY",
                "200|{\"code\":40001,\"message\":\"No permission\"}|FAILED",
                "200|{\"code\":40002,\"message\":\"Batch.0.properties: bad\"}|FAILED",
                "500||RETRY",
                "429||RETRY",
                "400|{\"code\":40002}|FAILED"
            })
    void tiktokAnswersComeAsHttp200(int status, String body, SendResult.Outcome outcome) {
        assertThat(new TikTokAdapter(null).read(status, body).outcome()).isEqualTo(outcome);
    }

    @Test
    void tiktokNamesAppEventsItsOwnWay() {
        assertThat(new TikTokAdapter(null).defaultEventNames())
                .containsEntry("Purchase", "Purchase")
                .containsEntry("CompleteRegistration", "Registration")
                .containsEntry("InitiateCheckout", "Checkout")
                .containsEntry("Lead", "GenerateLead")
                .doesNotContainValue("CompletePayment");
    }
}
