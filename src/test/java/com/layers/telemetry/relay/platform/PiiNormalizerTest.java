package com.layers.telemetry.relay.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Normalisation and hashing against published vectors: Meta's "Expected SHA256 output" (customer information
 * parameters page), Meta's SDK and parameter-builder tests, and Segment's TikTok tests; each hash was also computed
 * independently with {@code printf %s VALUE | sha256sum}.
 */
@Tag("unit")
class PiiNormalizerTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "em|John_Smith@gmail.com|62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f",
                "em|'  John_Smith@gmail.com  '|62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f",
                "fn|Mary|6915771be1c5aa0c886870b6951b03d7eafc121fea0e80a5ea83beb7c449f4ec",
                "fn|정|8fa8cd9c440be61d0151429310034083132b35975c4bea67fdd74158eb51db14",
                "fn|Valéry|08e1996b5dd49e62a4b4c010d44e4345592a863bb9f8e3976219bac29417149c",
                "ct|Menlo Park|0007a3d64c01e23d5075203c5977c14e4f7e01a3fc570686fcc50b5e1dd42685",
                "ct|'    Menlo-Park  '|0007a3d64c01e23d5075203c5977c14e4f7e01a3fc570686fcc50b5e1dd42685",
                "st|California|6959097001d10501ac7d54c0bdb8db61420f658f2922cc26e46d536119a31126",
                "st|CA|6959097001d10501ac7d54c0bdb8db61420f658f2922cc26e46d536119a31126",
                "zp|37221-3312|4c8aef49c98ac36122e884c4bb76b30384118053921db0ffd3ec31c4f1d93a40",
                "zp|98 121-9431|a77c0363c8e376696caa1c871266c54476d5ac554bfd6eeb4f42f6a8d607e8fe",
                "country|United States|79adb2a2fce5c6ba215fe5f27f532d4e7edbac4b6a5e09e1ef3a08084a904621",
                "country|US|79adb2a2fce5c6ba215fe5f27f532d4e7edbac4b6a5e09e1ef3a08084a904621",
                "ge|Female|252f10c83610ebca1a059c0bae8255eba2f95be4d1d7bcfa89d7248a82d9f111",
                "ge|'        Woman  '|252f10c83610ebca1a059c0bae8255eba2f95be4d1d7bcfa89d7248a82d9f111",
                "ge|male|62c66a7a5dd70c3146618063c344e531e6d4b59e379808443ce962b3abd63c5a",
                "db|2/16/1997|01acdbf6ec7b4f478a225f1a246e5d6767eeab1a7ffa17f025265b5b94f40f0c",
                "external_id|'Cust_1234 '|a633811faa0a14d0ec8f379bc8efb21d3aeed9cc17935f4f4604eeb7eac5f88c"
            })
    void metaFields(String field, String raw, String sha256) {
        Function<String, Optional<String>> f = switch (field) {
            case "em" -> PiiNormalizer::email;
            case "fn" -> PiiNormalizer::name;
            case "ct" -> PiiNormalizer::city;
            case "st" -> PiiNormalizer::state;
            case "zp" -> PiiNormalizer::zip;
            case "country" -> PiiNormalizer::country;
            case "ge" -> PiiNormalizer::gender;
            case "db" -> PiiNormalizer::dateOfBirth;
            default -> PiiNormalizer::lowerNoWhitespace;
        };
        assertThat(f.apply(raw)).contains(sha256);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "(650)555-1212|en-US|e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176",
                "+1 (616) 954-78 88||bb2fa2e6d2cea4746530c99686d0c7886ab2019875dca2d7e9e171c0e6ada00d",
                "+001 (616) 954-78 88||bb2fa2e6d2cea4746530c99686d0c7886ab2019875dca2d7e9e171c0e6ada00d",
                "+44 20 7946 0958|de-DE|35e206e5dec4c89b9e8b71b8c32724a5bb518483ac5a20c6617d738375b3b823",
                "+1 (510) 555-0011||d4b7c9f6b02e092351ed7ae8ee8efa8165a96070e1db113c178ce091e3f26387"
            })
    void metaPhonesAreE164DigitsWithoutThePlus(String raw, String locale, String sha256) {
        assertThat(PiiNormalizer.phoneDigits(raw, locale)).contains(sha256);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "(650)555-1212|en_US|1e231c66011e7a2d867a9cfae267a6aff103cf4913640b6e71a99850fc0ffbc8",
                "+353987687687||2dcdfdf2e17a1da67c29c18e7ad8e7d0db33f7bd060ca0b57283f7de039bc478"
            })
    void tiktokPhonesKeepThePlus(String raw, String locale, String sha256) {
        assertThat(PiiNormalizer.phoneE164(raw, locale)).contains(sha256);
    }

    @Test
    void tiktokEmailExternalIdAndIdfa() {
        assertThat(PiiNormalizer.email("test@test.com"))
                .contains("f660ab912ec121d1b1e928a0bb4bc61b15f5ad44d5efdc4e1c92a25e99b8e44a");
        assertThat(PiiNormalizer.lowerTrimmed("testId123"))
                .contains("481f202262e9c5ccc48d24e60798fadaa5f6ff1f8369f7ab927c04c3aa682a7f");
        assertThat(PiiNormalizer.lowerTrimmed("7A3CBEA0-BDF5-11E4-8DFC-AA07A5B093DB"))
                .contains("08f1f8e9e433f685c514154e1a5b0dfe1885c6f140a7e3eff08a037bda13dcc1");
    }

    @Test
    void alreadyHashedValuesPassThroughLowerCasedNeverHashedTwice() {
        String upper = "62A14E44F765419D10FEA99367361A727C12365E2520F32218D505ED9AA0F62F";
        assertThat(PiiNormalizer.email(upper)).contains(upper.toLowerCase());
        assertThat(PiiNormalizer.phoneDigits(upper, null)).contains(upper.toLowerCase());
        assertThat(PiiNormalizer.email("2A6A84E9E44441AFBD75CC19CE28BE37"))
                .contains("2a6a84e9e44441afbd75cc19ce28be37");
    }

    /** Autofill and copy-paste leave no-break and other Unicode spaces at the ends: they never reach the hash. */
    @ParameterizedTest
    @ValueSource(strings = {"\u00a0", "\u202f", "\u2007", "\u3000", "\u2009", "\t", "\u00a0 \n"})
    void unicodeSpacesAtEitherEndAreStrippedForEmailPhoneAndExternalId(String space) {
        assertThat(PiiNormalizer.email(space + "John_Smith@gmail.com" + space))
                .isEqualTo(PiiNormalizer.email("john_smith@gmail.com"));
        assertThat(PiiNormalizer.phoneDigits(space + "(650)555-1212" + space, "en-US"))
                .isEqualTo(PiiNormalizer.phoneDigits("+16505551212", null));
        assertThat(PiiNormalizer.phoneE164(space + "+1 650 555 1212" + space, null))
                .isEqualTo(PiiNormalizer.phoneE164("+16505551212", null));
        assertThat(PiiNormalizer.lowerNoWhitespace(space + "User_42" + space))
                .isEqualTo(PiiNormalizer.lowerNoWhitespace("user_42"));
        assertThat(PiiNormalizer.lowerTrimmed(space + "testId123" + space))
                .isEqualTo(PiiNormalizer.lowerTrimmed("testid123"));
        String hashed = "62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f";
        assertThat(PiiNormalizer.email(space + hashed + space)).contains(hashed);
        assertThat(PiiNormalizer.email(space)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"   ", "+0000000000", "not a phone", "12"})
    void aPhoneThatNormalisesToNothingIsDropped(String raw) {
        assertThat(PiiNormalizer.phoneDigits(raw, "en-US")).isEmpty();
        assertThat(PiiNormalizer.phoneE164(raw, "en-US")).isEmpty();
    }

    @Test
    void otherFieldsThatNormaliseToNothingAreDropped() {
        assertThat(PiiNormalizer.email("   ")).isEmpty();
        assertThat(PiiNormalizer.gender("other")).isEmpty();
        assertThat(PiiNormalizer.dateOfBirth("1850-01-01")).isEmpty();
        assertThat(PiiNormalizer.country("Atlantis")).isEmpty();
        assertThat(PiiNormalizer.name("---")).isEmpty();
        assertThat(PiiNormalizer.email(null)).isEmpty();
    }
}
