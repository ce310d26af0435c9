package verticles.platform.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Every configuration key a node knows: the platform's and the edge's ({@link Keys}), then each
 * feature's ({@link KeySet}, found through {@link ServiceLoader}), features in name order.
 */
public final class ConfigKeys {

    private static final List<ConfigKey<?>> ALL = load();

    private ConfigKeys() {
    }

    public static List<ConfigKey<?>> all() {
        return ALL;
    }

    private static List<ConfigKey<?>> load() {
        List<ConfigKey<?>> all = new ArrayList<>(Keys.ALL);
        List<KeySet> sets = new ArrayList<>();
        ServiceLoader.load(KeySet.class, ConfigKeys.class.getClassLoader()).forEach(sets::add);
        sets.sort((a, b) -> a.getClass().getName().compareTo(b.getClass().getName()));
        sets.forEach(set -> all.addAll(set.keys()));
        return Collections.unmodifiableList(all);
    }
}
