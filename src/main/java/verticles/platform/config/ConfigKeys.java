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

    /** The keys one package owns: {@code platform} (with the edge's), or a feature's or the launcher's. */
    public record Group(String owner, List<ConfigKey<?>> keys) {
    }

    private static final List<Group> GROUPS = load();
    private static final List<ConfigKey<?>> ALL = GROUPS.stream().flatMap(g -> g.keys().stream()).toList();

    private ConfigKeys() {
    }

    public static List<ConfigKey<?>> all() {
        return ALL;
    }

    /** The keys by owner: the platform's first, then each {@link KeySet}'s, by package name. */
    public static List<Group> byOwner() {
        return GROUPS;
    }

    private static List<Group> load() {
        List<Group> groups = new ArrayList<>();
        groups.add(new Group("platform", Keys.ALL));
        List<KeySet> sets = new ArrayList<>();
        ServiceLoader.load(KeySet.class, ConfigKeys.class.getClassLoader()).forEach(sets::add);
        sets.sort((a, b) -> a.getClass().getName().compareTo(b.getClass().getName()));
        sets.forEach(set -> groups.add(new Group(owner(set), List.copyOf(set.keys()))));
        return Collections.unmodifiableList(groups);
    }

    private static String owner(KeySet set) {
        String pkg = set.getClass().getPackageName();
        return pkg.substring(pkg.lastIndexOf('.') + 1);
    }
}
