package verticles.trackinglinks;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import verticles.domain.tracking.CustomerView;

import java.time.Instant;

/**
 * The customer's tracking page as HTML, complete without JavaScript: who sends the parcel (the
 * tenant's display name and colour), its status and arrival time in words, and its journey. The
 * script the page loads (from this node, like every asset: no external tiles or scripts) then
 * draws the courier's map while it is out for delivery and keeps all of it live over SSE. Every
 * text from a merchant or a device is escaped.
 */
final class TrackingPage {

    /** Meridian's own colour, for a tenant that set none. */
    static final String DEFAULT_COLOUR = "#1d4ed8";

    /** What a page shows: the link's token, the tenant's branding, the shipment, its scans, and the order (null: none). */
    record Content(String token, JsonObject branding, JsonObject shipment, JsonArray checkpoints, JsonObject order) {
    }

    private TrackingPage() {
    }

    static String render(Content c) {
        String name = c.branding().getString("displayName");
        String colour = colourOf(c.branding().getString("colour"));
        String orderStatus = c.order() == null ? null : c.order().getString("status");
        String shipmentStatus = c.shipment().getString("status");
        JsonObject position = c.shipment().getJsonObject("position");
        boolean fresh = position != null && !position.getBoolean("stale", false);
        JsonObject eta = position == null ? null : position.getJsonObject("eta");
        String etaWords = eta == null ? null
            : CustomerView.etaWords(instant(eta.getString("arrivesAt")), instant(eta.getString("previousArrivesAt")));
        StringBuilder html = new StringBuilder(4096);
        html.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .append("<meta name=\"referrer\" content=\"no-referrer\">\n")
            // No favicon request to answer 404: the page asks this node for nothing it does not serve.
            .append("<link rel=\"icon\" href=\"data:,\">\n")
            .append("<title>").append(escape(name)).append(" · your delivery</title>\n")
            .append("<link rel=\"stylesheet\" href=\"/t-assets/page.css\">\n")
            .append("<script type=\"module\" src=\"/t-assets/page.js\"></script>\n</head>\n")
            .append("<body style=\"--brand: ").append(colour).append("\" data-events=\"/t/").append(c.token()).append("/events\"");
        if (c.order() != null) {
            html.append(" data-order-events=\"/t/").append(c.token()).append("/order-events\"");
        }
        html.append(" data-order-status=\"").append(orderStatus == null ? "" : escape(orderStatus)).append("\">\n")
            .append("<header><h1 id=\"sender\">").append(escape(name)).append("</h1></header>\n<main>\n")
            .append("<section class=\"status\">\n<p class=\"label\">")
            .append(c.order() == null ? "Your parcel" : "Your order").append("</p>\n")
            .append("<p id=\"status\" class=\"words\">").append(escape(CustomerView.statusWords(shipmentStatus, orderStatus)))
            .append("</p>\n<p id=\"eta\" class=\"eta\"").append(etaWords == null ? " hidden>" : ">")
            .append(etaWords == null ? "" : escape(etaWords)).append("</p>\n");
        if (position != null && position.getBoolean("stale", false)) {
            html.append("<p id=\"stale\" class=\"muted\">The courier has not reported for a while.</p>\n");
        }
        html.append("</section>\n")
            .append("<section id=\"map-section\" class=\"map\"")
            .append(CustomerView.showsMap(shipmentStatus, orderStatus, fresh) ? "" : " hidden")
            .append(" aria-label=\"where the courier is\">\n<svg id=\"map\" viewBox=\"0 0 400 260\" role=\"img\"></svg>\n")
            .append("<p id=\"distance\" class=\"muted\"></p>\n</section>\n")
            .append("<section class=\"journey\">\n<h2>Journey</h2>\n<ol id=\"timeline\">\n");
        for (Object item : c.checkpoints()) {
            JsonObject scan = (JsonObject) item;
            html.append(timelineItem(scan.getString("at"), CustomerView.scanWords(scan.getString("type"), scan.getString("facility"))));
        }
        html.append("</ol>\n");
        if (c.checkpoints().isEmpty()) {
            html.append("<p id=\"no-scans\" class=\"muted\">No scans yet.</p>\n");
        }
        html.append("</section>\n</main>\n<footer>Live tracking by Meridian</footer>\n")
            // Data, not script: the page's script reads its words here, so both say the same.
            .append("<script type=\"application/json\" id=\"words\">")
            .append(JsonObject.mapFrom(CustomerView.vocabulary()).encode().replace("</", "<\\/"))
            .append("</script>\n</body>\n</html>\n");
        return html.toString();
    }

    /** The tenant's colour when it is one ({@code #rrggbb}, as the contract requires), else Meridian's. */
    static String colourOf(String colour) {
        return colour != null && colour.matches("#[0-9a-fA-F]{6}") ? colour : DEFAULT_COLOUR;
    }

    /** The page for a link that opens nothing: the same whatever was wrong with it. */
    static String notFound() {
        return "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            + "<title>Tracking link not valid</title>\n<link rel=\"stylesheet\" href=\"/t-assets/page.css\">\n</head>\n"
            + "<body>\n<main>\n<section class=\"status\">\n<p class=\"words\">This tracking link is not valid.</p>\n"
            + "<p class=\"muted\">It may have expired. Ask the sender for a new one.</p>\n</section>\n</main>\n</body>\n</html>\n";
    }

    private static String timelineItem(String at, String words) {
        return "<li><time datetime=\"" + escape(at) + "\">" + escape(at.replace('T', ' ').replaceAll("\\.\\d+", "").replace("Z", " UTC"))
            + "</time> " + escape(words) + "</li>\n";
    }

    private static Instant instant(String iso) {
        return iso == null ? null : Instant.parse(iso);
    }

    /** Text safe in HTML content and in a double-quoted attribute. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
