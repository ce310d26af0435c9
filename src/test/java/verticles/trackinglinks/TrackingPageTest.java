package verticles.trackinglinks;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("The tracking page says it in the customer's words, escapes what merchants and devices wrote, and shows the map only under way")
class TrackingPageTest {

    private static final String TOKEN = "lnk_01m81t94ht5n1swdp370p9hyf9.1796464740.abc";

    private static JsonObject shipment(String status, boolean stale) {
        return new JsonObject().put("status", status).put("position", new JsonObject().put("lat", 1.0).put("lon", 2.0)
            .put("stale", stale).put("eta", new JsonObject().put("remainingMeters", 900.0)
                .put("arrivesAt", "2026-12-05T14:35:00Z").put("previousArrivesAt", "2026-12-05T14:20:00Z")));
    }

    private static String render(JsonObject branding, JsonObject shipment, JsonArray scans, JsonObject order) {
        return TrackingPage.render(new TrackingPage.Content(TOKEN, branding, shipment, scans, order));
    }

    @Test
    void merchantAndDeviceTextIsEscaped() {
        String html = render(new JsonObject().put("displayName", "<script>alert(1)</script> & \"Co\"").put("colour", "red;}"),
            shipment("IN_TRANSIT", false),
            new JsonArray().add(new JsonObject().put("type", "ARRIVED").put("facility", "<img src=x onerror=alert(2)>")
                .put("at", "2026-12-05T09:00:00Z")), null);
        assertFalse(html.contains("<script>alert"), html);
        assertFalse(html.contains("<img src=x"), html);
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;"));
        assertTrue(html.contains("--brand: " + TrackingPage.DEFAULT_COLOUR), "a colour that is not #rrggbb falls back");
        assertEquals(1, html.split("<script", -1).length - 2, "two script elements: the module and the words (data)");
    }

    @Test
    void statusEtaAndMapInTheCustomersWords() {
        String html = render(new JsonObject().put("displayName", "Acme").put("colour", "#0f766e"),
            shipment("IN_TRANSIT", false), new JsonArray(), new JsonObject().put("status", "OUT_FOR_DELIVERY"));
        assertTrue(html.contains(">Out for delivery<"));
        assertTrue(html.contains("Arrives around 14:35 UTC (was 14:20 UTC)"));
        assertTrue(html.contains("--brand: #0f766e"));
        assertTrue(html.contains("<section id=\"map-section\" class=\"map\" aria-label"), "the map is shown under way");
        assertTrue(html.contains("data-order-events=\"/t/" + TOKEN + "/order-events\""));

        String preparing = render(new JsonObject().put("displayName", "Acme"), shipment("IN_TRANSIT", false), new JsonArray(),
            new JsonObject().put("status", "PREPARING"));
        assertTrue(preparing.contains("id=\"map-section\" class=\"map\" hidden"), "no map before it is out for delivery");

        String stale = render(new JsonObject().put("displayName", "Acme"), shipment("IN_TRANSIT", true), new JsonArray(), null);
        assertTrue(stale.contains("id=\"map-section\" class=\"map\" hidden"), "no map from a stale position");
        assertTrue(stale.contains("has not reported for a while"));
        assertFalse(render(new JsonObject().put("displayName", "Acme"), shipment("ARRIVING", false), new JsonArray(), null)
            .contains("data-order-events"), "a shipment's link has no order stream");
    }

    @Test
    void everyRefusedLinkGetsTheSamePage() {
        assertEquals(TrackingPage.notFound(), TrackingPage.notFound());
        assertTrue(TrackingPage.notFound().contains("not valid"));
        assertFalse(TrackingPage.notFound().contains("shp_"));
    }
}
