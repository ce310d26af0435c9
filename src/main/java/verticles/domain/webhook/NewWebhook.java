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
    public static final Set<String> EVENT_TYPES = Set.of("order.placed", "order.status-changed");
    public static final int MAX_URL = 2_048;

    /** {@code {"url": "https://…", "events": ["order.status-changed", …]}}; every fault is named. */
    public static NewWebhook parse(Map<String, Object> body) {
        Rules rules = new Rules();
        rules.onlyKnown(body, "", Set.of("url", "events"));
        String text = rules.text(body.get("url"), "url", MAX_URL, true);
        URI url = null;
        if (text != null) {
            url = url(text, rules);
        }
        List<String> events = new ArrayList<>();
        Object given = body.get("events");
        if (!(given instanceof List<?> list) || list.isEmpty()) {
            rules.add("events", "must be a non-empty array of event types, from " + EVENT_TYPES);
        } else {
            for (int i = 0; i < list.size(); i++) {
                String type = rules.oneOf(list.get(i), "events[" + i + "]", EVENT_TYPES);
                if (type != null && !events.contains(type)) {
                    events.add(type);
                }
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
