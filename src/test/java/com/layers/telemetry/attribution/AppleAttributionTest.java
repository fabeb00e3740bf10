package com.layers.telemetry.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Apple's attribution payloads (AdServices reference and changelog), every field optional. */
@Tag("unit")
class AppleAttributionTest {

    @Test
    void readsApplesDetailedTapThroughExample() {
        AppleAttribution a = AppleAttribution.parse("""
                {"attribution":true,"orgId":40669820,"campaignId":542370539,"conversionType":"Download","clickDate":"2024-10-08T17:17Z",
                 "claimType":"Click","adGroupId":542317095,"countryOrRegion":"US","keywordId":87675432,"adId":542317136,
                 "supplyPlacement":"APPSTORE_SEARCH_RESULTS"}""").orElseThrow();
        assertThat(a.attribution()).isTrue();
        assertThat(a.orgId()).isEqualTo(40669820L);
        assertThat(a.campaignId()).isEqualTo(542370539L);
        assertThat(a.adGroupId()).isEqualTo(542317095L);
        assertThat(a.keywordId()).isEqualTo(87675432L);
        assertThat(a.adId()).isEqualTo(542317136L);
        assertThat(a.creativeSetId()).isNull();
        assertThat(a.conversionType()).isEqualTo("Download");
        assertThat(a.claimType()).isEqualTo("Click");
        assertThat(a.countryOrRegion()).isEqualTo("US");
        assertThat(a.clickDate()).isEqualTo(Instant.parse("2024-10-08T17:17:00Z"));
        assertThat(a.impressionDate()).isNull();
        assertThat(a.supplyPlacement()).isEqualTo("APPSTORE_SEARCH_RESULTS");
        assertThat(a.outcome()).isEqualTo("attributed");
    }

    @Test
    void readsAnOlderViewThroughAnswerWithCreativeSetIdAndNoKeyword() {
        AppleAttribution a = AppleAttribution.parse("""
                {"attribution":true,"orgId":"40669820","campaignId":542370539,"adGroupId":542317095,"creativeSetId":542317136,
                 "conversionType":"PreOrder","claimType":"Impression","impressionDate":"2025-03-08T09:01:12.500+01:00","countryOrRegion":"DE"}""").orElseThrow();
        assertThat(a.orgId()).as("digits in a string").isEqualTo(40669820L);
        assertThat(a.keywordId()).as("search match").isNull();
        assertThat(a.adId()).isNull();
        assertThat(a.creativeSetId()).isEqualTo(542317136L);
        assertThat(a.impressionDate()).isEqualTo(Instant.parse("2025-03-08T08:01:12.500Z"));
        assertThat(a.conversionType()).isEqualTo("PreOrder");
    }

    @Test
    void noMatchIsOrganic() {
        AppleAttribution a = AppleAttribution.parse("{\"attribution\":false}").orElseThrow();
        assertThat(a.attribution()).isFalse();
        assertThat(a.outcome()).isEqualTo("organic");
        assertThat(a.campaignId()).isNull();
    }

    @Test
    void developerModePayloadIsTestData() {
        AppleAttribution a = AppleAttribution.parse("""
                {"attribution":true,"orgId":1234567890,"campaignId":1234567890,"conversionType":"Download","clickDate":"2020-04-08T17:17Z",
                 "adGroupId":1234567890,"countryOrRegion":"US","keywordId":123222,"adId":1234567890}""").orElseThrow();
        assertThat(a.testData()).isTrue();
        assertThat(a.outcome()).isEqualTo("test_data");
    }

    @Test
    void oddFieldsAreAbsentButKeptRaw() {
        AppleAttribution a = AppleAttribution.parse(
                        "{\"attribution\":true,\"campaignId\":\"abc\",\"adGroupId\":1.5,\"keywordId\":"
                                + "99999999999999999999,\"clickDate\":\"yesterday\",\"countryOrRegion\":\"\"}")
                .orElseThrow();
        assertThat(a.campaignId()).isNull();
        assertThat(a.adGroupId()).isNull();
        assertThat(a.keywordId()).isNull();
        assertThat(a.clickDate()).isNull();
        assertThat(a.countryOrRegion()).isNull();
        assertThat(a.raw().get("campaignId").asText()).isEqualTo("abc");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[]", "{}", "{\"attribution\":\"true\"}", "null"})
    void anythingWithoutABooleanAttributionIsNotARecord(String body) {
        assertThat(AppleAttribution.parse(body)).isEmpty();
    }
}
