package verticles.platform.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code meridian_dependency_up{dependency}}: 1 while the node's last check of a dependency found
 * it answering, 0 while it did not, so an alert sees a degraded pod that readiness keeps in
 * service. The values are held here, not by the gauge (Micrometer holds its state weakly).
 */
public final class DependencyGauge {

    private static final Map<MeterRegistry, Map<String, AtomicInteger>> STATES =
        Collections.synchronizedMap(new WeakHashMap<>());

    private DependencyGauge() {
    }

    public static void record(MeterRegistry registry, String dependency, boolean up) {
        state(registry, dependency).set(up ? 1 : 0);
    }

    private static AtomicInteger state(MeterRegistry registry, String dependency) {
        synchronized (STATES) {
            return STATES.computeIfAbsent(registry, r -> new HashMap<>()).computeIfAbsent(dependency, d -> {
                AtomicInteger up = new AtomicInteger(1);
                Gauge.builder("meridian.dependency.up", up, AtomicInteger::get)
                    .description("1 while the dependency answered this node's last check, 0 while it did not")
                    .tag("dependency", d)
                    .register(registry);
                return up;
            });
        }
    }
}
