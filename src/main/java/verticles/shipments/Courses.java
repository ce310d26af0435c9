package verticles.shipments;

import io.vertx.core.Future;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The courses of the shipments a tracking consumer has seen lately, least recently used first out
 * beyond a fixed number, so memory stays bounded however many shipments pass through. Owned by
 * one verticle instance and touched only on its event loop.
 */
final class Courses {

    private final Map<String, Course> recent;

    Courses(int capacity) {
        recent = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Course> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * The courses of these shipments, reading the targets of those not in memory with
     * {@code load} (one query for all of them). A shipment {@code load} does not know has no course.
     */
    Future<Map<String, Course>> of(Collection<String> shipmentIds,
                                   Function<Collection<String>, Future<Map<String, Course.Target>>> load) {
        Map<String, Course> known = new HashMap<>(shipmentIds.size() * 2);
        List<String> missing = new java.util.ArrayList<>();
        for (String id : shipmentIds) {
            Course course = recent.get(id);
            if (course != null) {
                known.put(id, course);
            } else {
                missing.add(id);
            }
        }
        if (missing.isEmpty()) {
            return Future.succeededFuture(known);
        }
        return load.apply(missing).map(targets -> {
            targets.forEach((id, target) -> known.put(id, recent.computeIfAbsent(id, i -> new Course(target))));
            return known;
        });
    }

    int size() {
        return recent.size();
    }
}
