package com.layers.telemetry.relay;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The ad platforms the relay delivers to, with their default event-name mappings for app events. A destination's
 * own mapping overrides these name by name (a name mapped to null is never sent).
 */
public enum Platform {
    /** Meta Conversions API: Meta's standard event names pass through as they are. */
    META("meta", standard("AddPaymentInfo", "AddToCart", "AddToWishlist", "CompleteRegistration", "Contact", "CustomizeProduct",
            "Donate", "FindLocation", "InitiateCheckout", "Lead", "Purchase", "Schedule", "Search", "StartTrial",
            "SubmitApplication", "Subscribe", "ViewContent")),
    /**
     * TikTok Events API, app events: TikTok's app names differ from its web names (Purchase is {@code Purchase},
     * not the web event {@code CompletePayment}); TikTok's own app names pass through.
     */
    TIKTOK("tiktok", tiktok());

    private final String id;
    private final Map<String, String> defaults;

    Platform(String id, Map<String, String> defaults) {
        this.id = id;
        this.defaults = defaults;
    }

    public String id() {
        return id;
    }

    /** Our event name → the platform's, for the names sent by default. */
    public Map<String, String> defaults() {
        return defaults;
    }

    public static Optional<Platform> of(String id) {
        return Arrays.stream(values()).filter(p -> p.id.equals(id == null ? null : id.toLowerCase(Locale.ROOT))).findFirst();
    }

    private static Map<String, String> standard(String... names) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String n : names) {
            m.put(n, n);
        }
        return Map.copyOf(m);
    }

    private static Map<String, String> tiktok() {
        Map<String, String> m = new LinkedHashMap<>(standard("AchieveLevel", "AddPaymentInfo", "AddToCart", "AddToWishlist", "Checkout",
                "CompleteTutorial", "CreateGroup", "CreateRole", "GenerateLead", "InAppADClick", "InAppADImpr", "InstallApp", "JoinGroup",
                "LaunchAPP", "LoanApplication", "LoanApproval", "LoanDisbursal", "Login", "Purchase", "Rate", "Registration", "Search",
                "SpendCredits", "StartTrial", "Subscribe", "UnlockAchievement", "ViewContent"));
        m.put("CompleteRegistration", "Registration");
        m.put("InitiateCheckout", "Checkout");
        m.put("Lead", "GenerateLead");
        return Map.copyOf(m);
    }
}
