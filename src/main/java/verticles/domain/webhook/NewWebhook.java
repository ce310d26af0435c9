package verticles.domain.webhook;

import verticles.domain.Checked;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** A webhook subscription as a merchant asks for it: where to deliver, and which event types. */
public record NewWebhook(URI url, List<String> events) {

    /** The event types a webhook can subscribe to: the order events, and the revisions of a shipment's ETA. */
    public static final Set<String> EVENT_TYPES = Set.of("order.placed", "order.status-changed", "order.arriving",
        "shipment.eta-revised");

    /**
     * Reads a body that matched the contract (a URL of at most 2,048 characters and a non-empty
     * list of known event types); what a schema cannot say is checked here: the URL is http(s),
     * names a host, and carries no credentials.
     */
    public static Checked<NewWebhook> read(Map<String, Object> body) {
        List<String> events = new ArrayList<>();
        for (Object type : (List<?>) body.get("events")) {
            if (!events.contains(type)) {
                events.add((String) type);
            }
        }
        return url((String) body.get("url")).map(url -> new NewWebhook(url, List.copyOf(events)));
    }

    private static Checked<URI> url(String text) {
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            return Checked.invalid("url", "is not a valid URL");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Checked.invalid("url", "must be an http or https URL");
        }
        if (url.getHost() == null || url.getHost().isBlank()) {
            return Checked.invalid("url", "must name a host");
        }
        if (url.getUserInfo() != null) {
            return Checked.invalid("url", "must not carry credentials");
        }
        return Checked.valid(url);
    }
}
