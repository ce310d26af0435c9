package verticles.webhooks;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.core.Vertx;
import verticles.platform.config.MeridianConfig;
import verticles.platform.resilience.Breakers;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One circuit per webhook, so one receiver that is down costs nothing to the others. At most
 * {@code MAX} are kept; the least recently used goes first, its meters with it.
 */
final class Circuits {

    private static final int MAX = 1_000;

    private final Map<String, CircuitBreaker> byWebhook = new LinkedHashMap<>(64, 0.75f, true);
    private final Vertx vertx;
    private final MeridianConfig config;
    private final MeterRegistry registry;

    Circuits(Vertx vertx, MeridianConfig config, MeterRegistry registry) {
        this.vertx = vertx;
        this.config = config;
        this.registry = registry;
    }

    CircuitBreaker of(String webhookId) {
        CircuitBreaker circuit = byWebhook.get(webhookId);
        if (circuit == null) {
            circuit = Breakers.create(vertx, "webhooks", config, registry);
            byWebhook.put(webhookId, circuit);
            if (byWebhook.size() > MAX) {
                var eldest = byWebhook.entrySet().iterator().next();
                byWebhook.remove(eldest.getKey());
                Breakers.retire(eldest.getValue(), "webhooks", registry);
            }
        }
        return circuit;
    }
}
