package com.layers.telemetry.relay.meta;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.layers.telemetry.relay.platform.PiiNormalizer;
import com.layers.telemetry.relay.platform.RelayEvents;
import com.layers.telemetry.relay.platform.SendResult;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Meta's per-event body and how its answers are read. */
@Tag("unit")
class MetaPayloadTest {
    @Test
    void metaAppEvent() throws Exception {
        JsonNode e = MetaPayload.event(
                RelayEvents.purchase(
                        """
                {"ip": "203.0.113.7", "userAgent": "App/1.0", "locale": "en-US", "timezone": "Europe/Berlin",
                 "app": {"version": "4.2.1", "build": "421", "bundleId": "com.example.app"},
                 "device": {"os": "iOS", "osVersion": "17.4", "model": "iPhone15,2", "advertisingId": "IDFA-1"}}""",
                        "{\"email\": \"John_Smith@gmail.com\", \"phone\": \"(650)555-1212\", \"fbp\": \"fb.1.1.2\", \"fbc\": \"fb.1.1.c\"}",
                        "authorized"),
                "Purchase");
        assertThat(e.get("event_name").asText()).isEqualTo("Purchase");
        assertThat(e.get("event_time").asLong()).isEqualTo(1_795_168_800L);
        assertThat(e.get("event_id").asText()).isEqualTo("evt_1");
        assertThat(e.get("action_source").asText()).isEqualTo("app");
        JsonNode u = e.get("user_data");
        assertThat(u.get("em").get(0).asText())
                .isEqualTo("62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f");
        assertThat(u.get("ph").get(0).asText())
                .isEqualTo("e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176");
        assertThat(u.get("external_id").get(0).asText()).isEqualTo(PiiNormalizer.sha256("user_42"));
        assertThat(u.get("client_ip_address").asText()).isEqualTo("203.0.113.7");
        assertThat(u.get("client_user_agent").asText()).isEqualTo("App/1.0");
        assertThat(u.get("fbp").asText()).isEqualTo("fb.1.1.2");
        assertThat(u.get("fbc").asText()).isEqualTo("fb.1.1.c");
        assertThat(u.get("madid").asText()).isEqualTo("IDFA-1");
        JsonNode app = e.get("app_data");
        assertThat(app.get("advertiser_tracking_enabled").asInt()).isEqualTo(1);
        assertThat(app.get("application_tracking_enabled").asInt()).isEqualTo(1);
        assertThat(app.get("extinfo")).hasSize(16);
        assertThat(app.get("extinfo").get(0).asText()).isEqualTo("i2");
        assertThat(app.get("extinfo").get(1).asText()).isEqualTo("com.example.app");
        assertThat(app.get("extinfo").get(2).asText()).isEqualTo("4.2.1");
        assertThat(app.get("extinfo").get(4).asText()).isEqualTo("17.4");
        assertThat(app.get("extinfo").get(5).asText()).isEqualTo("iPhone15,2");
        assertThat(app.get("extinfo").get(6).asText()).isEqualTo("en_US");
        assertThat(app.get("extinfo").get(7).asText()).isEqualTo("CET");
        assertThat(app.get("extinfo").get(8).asText()).isEmpty();
        assertThat(app.get("extinfo").get(15).asText()).isEqualTo("Europe/Berlin");
        JsonNode c = e.get("custom_data");
        assertThat(c.get("value").decimalValue()).isEqualByComparingTo("39.98");
        assertThat(c.get("currency").asText()).isEqualTo("USD");
        assertThat(c.get("content_ids").get(0).asText()).isEqualTo("pro_yearly");
        assertThat(c.get("contents").get(0).get("quantity").asInt()).isEqualTo(2);
        assertThat(c.get("contents").get(0).get("item_price").decimalValue()).isEqualByComparingTo("19.99");
        assertThat(c.get("order_id").asText()).isEqualTo("o-9");
    }

    @Test
    void metaAsksForLimitedDataUseAndLetsMetaGeolocate() throws Exception {
        JsonNode limited = MetaPayload.event(RelayEvents.purchase("{}", "{}", null, true), "Purchase");
        assertThat(limited.get("data_processing_options")).hasSize(1);
        assertThat(limited.get("data_processing_options").get(0).asText()).isEqualTo("LDU");
        assertThat(limited.get("data_processing_options_country").asInt()).isZero();
        assertThat(limited.get("data_processing_options_state").asInt()).isZero();
        JsonNode plain = MetaPayload.event(RelayEvents.purchase("{}", "{}", null, false), "Purchase");
        assertThat(plain.has("data_processing_options")).isFalse();
        assertThat(plain.has("data_processing_options_country")).isFalse();
        assertThat(plain.has("data_processing_options_state")).isFalse();
    }

    @Test
    void metaIosTrackingFollowsAtt() throws Exception {
        for (String att : new String[] {"denied", "restricted", "notDetermined", null}) {
            JsonNode e =
                    MetaPayload.event(RelayEvents.purchase("{\"device\": {\"os\": \"iOS\"}}", "{}", att), "Purchase");
            assertThat(e.get("app_data").get("advertiser_tracking_enabled").asInt())
                    .as(att)
                    .isZero();
        }
    }

    /** Android has no ATT: Meta's Android SDK sends the device's ad-tracking setting (!isTrackingLimited). */
    @Test
    void metaAndroidTrackingFollowsTheDevicesAdTrackingSetting() throws Exception {
        JsonNode unknown =
                MetaPayload.event(RelayEvents.purchase("{\"device\": {\"os\": \"Android\"}}", "{}", null), "Purchase");
        assertThat(unknown.get("app_data").get("advertiser_tracking_enabled").asInt())
                .isEqualTo(1);
        JsonNode allowed = MetaPayload.event(
                RelayEvents.purchase(
                        "{\"device\": {\"os\": \"Android\", \"adTrackingEnabled\": true}}", "{}", "denied"),
                "Purchase");
        assertThat(allowed.get("app_data").get("advertiser_tracking_enabled").asInt())
                .isEqualTo(1);
        JsonNode limited = MetaPayload.event(
                RelayEvents.purchase("{\"device\": {\"os\": \"Android\", \"adTrackingEnabled\": false}}", "{}", null),
                "Purchase");
        assertThat(limited.get("app_data").get("advertiser_tracking_enabled").asInt())
                .isZero();
        assertThat(limited.get("app_data").get("application_tracking_enabled").asInt())
                .isZero();
    }

    @Test
    void metaWithoutAnythingKnown() throws Exception {
        JsonNode e = MetaPayload.event(
                RelayEvents.purchase("{\"device\": {\"os\": \"Android\"}}", "{}", "denied"), "Purchase");
        assertThat(e.get("app_data").get("extinfo").get(0).asText()).isEqualTo("a2");
        assertThat(e.get("user_data").has("em")).isFalse();
        assertThat(e.get("user_data").has("client_ip_address")).isFalse();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "200|{\"events_received\":1,\"fbtrace_id\":\"t\"}|SENT",
                "400|{\"error\":{\"code\":100,\"error_subcode\":2804003,\"message\":\"too old\",\"fbtrace_id\":\"t\"}}|FAILED",
                "400|{\"error\":{\"code\":190,\"message\":\"token expired\"}}|FAILED",
                "400|{\"error\":{\"code\":1,\"message\":\"unknown\"}}|RETRY",
                "400|{\"error\":{\"code\":2,\"message\":\"service\"}}|RETRY",
                "400|{\"error\":{\"code\":4,\"message\":\"too many calls\"}}|RETRY",
                "400|{\"error\":{\"code\":17}}|RETRY",
                "400|{\"error\":{\"code\":341}}|RETRY",
                "400|{\"error\":{\"code\":368}}|RETRY",
                "429||RETRY",
                "503|oops|RETRY",
                "403|{\"error\":{\"code\":200}}|FAILED"
            })
    void metaAnswers(int status, String body, SendResult.Outcome outcome) {
        assertThat(new MetaAdapter(null).read(status, body).outcome()).isEqualTo(outcome);
    }

    @Test
    void metaTakesItsStandardNamesAsTheyAre() {
        assertThat(new MetaAdapter(null).defaultEventNames())
                .containsEntry("Purchase", "Purchase")
                .containsEntry("StartTrial", "StartTrial");
    }
}
