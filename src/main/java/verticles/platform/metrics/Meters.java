package verticles.platform.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.backends.BackendRegistries;

/**
 * Where Meridian's own meters go: the node's Prometheus registry, which the launcher names in
 * every verticle's configuration under {@link #REGISTRY_KEY}. Names follow Prometheus
 * conventions once exported: {@code meridian_} prefix, base units, {@code _total} on counters,
 * and no label that names an order or a shipment.
 */
public final class Meters {

    /** The configuration entry holding the node's registry name, set by the launcher. */
    public static final String REGISTRY_KEY = "metrics.registry";

    private Meters() {
    }

    /** The node's registry, or a private one (counted, never exported) when metrics are off. */
    public static MeterRegistry of(JsonObject verticleConfig) {
        String name = verticleConfig.getString(REGISTRY_KEY);
        MeterRegistry registry = name == null ? null : BackendRegistries.getNow(name);
        return registry != null ? registry : new SimpleMeterRegistry();
    }
}
