package verticles.domain.webhook;

import verticles.domain.Rules;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** A webhook subscription as a merchant asks for it: where to deliver, and which event types. */
public record NewWebhook(URI url, List<String> events) {

    /** The event types a webhook can subscribe to: the order events Meridian publishes. */
    public static final Set<String> EVENT_TYPES = Set.of("order.placed", "order.status-changed", "order.arriving");

    /**
     * Reads a body that matched the contract (a URL of at most 2,048 characters and a non-empty
     * list of known event types); what a schema cannot say is checked here: the URL is http(s),
     * names a host, and carries no credentials.
     */
    public static NewWebhook parse(Map<String, Object> body) {
        Rules rules = new Rules();
        URI url = url((String) body.get("url"), rules);
        List<String> events = new ArrayList<>();
        for (Object type : (List<?>) body.get("events")) {
            if (!events.contains(type)) {
                events.add((String) type);
            }
        }
        rules.throwIfAny();
        return new NewWebhook(url, List.copyOf(events));
    }

    private static URI url(String text, Rules rules) {
        try {
            URI url = new URI(text);
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                rules.add("url", "must be an http or https URL");
                return null;
            }
            if (url.getHost() == null || url.getHost().isBlank()) {
                rules.add("url", "must name a host");
                return null;
            }
            if (url.getUserInfo() != null) {
                rules.add("url", "must not carry credentials");
                return null;
            }
            return url;
        } catch (URISyntaxException e) {
            rules.add("url", "is not a valid URL");
            return null;
        }
    }
}
