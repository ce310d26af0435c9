package verticles.platform.config;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The loaded configuration: the YAML tree with environment overrides applied, read through
 * {@link ConfigKey}s so every value has a type and a default. Verticles receive the tree as
 * their deployment config and wrap it with {@link #of(JsonObject)}.
 */
public final class MeridianConfig {

    private final JsonObject tree;
    private final List<String> formerNamesUsed;

    private MeridianConfig(JsonObject tree) {
        this(tree, List.of());
    }

    private MeridianConfig(JsonObject tree, List<String> formerNamesUsed) {
        this.tree = tree;
        this.formerNamesUsed = formerNamesUsed;
    }

    public static MeridianConfig of(JsonObject tree) {
        return new MeridianConfig(tree);
    }

    /**
     * Applies environment overrides (one per key, by {@link ConfigKey#envName()}) to a YAML tree
     * and checks every value parses, so a typo fails at start-up with the key's name.
     */
    public static MeridianConfig withOverrides(JsonObject yaml, Map<String, String> env) {
        JsonObject tree = yaml.copy();
        List<String> formerNamesUsed = new ArrayList<>();
        for (ConfigKey<?> key : ConfigKeys.all()) {
            for (String former : key.formerPaths()) {
                formerNamesUsed.addAll(moveFormer(tree, env, former, key));
            }
            String override = env.get(key.envName());
            if (override != null) {
                put(tree, key.path(), override);
            }
        }
        MeridianConfig config = new MeridianConfig(tree, List.copyOf(formerNamesUsed));
        ConfigKeys.all().forEach(config::get);
        return config;
    }

    /**
     * Reads a key's former name into its current one, YAML first and then the environment, so
     * that precedence stays: new variable, old variable, new YAML path, old YAML path. Answers
     * what it read, as "old → new".
     */
    private static List<String> moveFormer(JsonObject tree, Map<String, String> env, String former, ConfigKey<?> key) {
        List<String> used = new ArrayList<>();
        Object yamlValue = lookup(tree, former);
        if (yamlValue != null) {
            remove(tree, former);
            if (lookup(tree, key.path()) == null) {
                put(tree, key.path(), yamlValue);
            }
            used.add(former + " → " + key.path());
        }
        String envValue = env.get(ConfigKey.envName(former));
        if (envValue != null && env.get(key.envName()) == null) {
            put(tree, key.path(), envValue);
            used.add(ConfigKey.envName(former) + " → " + key.envName());
        }
        return used;
    }

    /** The former key names this configuration was given ("old → new"), to be logged so operators rename them. */
    public List<String> formerNamesUsed() {
        return formerNamesUsed;
    }

    /** Whether the tree itself sets this key (rather than leaving it to the default). */
    public boolean sets(ConfigKey<?> key) {
        return lookup(tree, key.path()) != null;
    }

    public <T> T get(ConfigKey<T> key) {
        return key.parse(lookup(tree, key.path()));
    }

    /** A copy of this configuration with one key set, for tests and the developer run. */
    public MeridianConfig with(ConfigKey<?> key, Object value) {
        JsonObject copy = tree.copy();
        put(copy, key.path(), value);
        return new MeridianConfig(copy);
    }

    public JsonObject toJson() {
        return tree.copy();
    }

    /** Paths present in the tree that no {@link ConfigKey} declares: almost always a typo. */
    public List<String> unknownPaths() {
        List<String> unknown = new ArrayList<>();
        collectLeaves(tree, "", unknown);
        unknown.removeIf(path -> ConfigKeys.all().stream().anyMatch(k -> k.path().equals(path)));
        return unknown;
    }

    private static void collectLeaves(JsonObject node, String prefix, List<String> out) {
        for (Map.Entry<String, Object> e : node) {
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (e.getValue() instanceof JsonObject child) {
                collectLeaves(child, path, out);
            } else {
                out.add(path);
            }
        }
    }

    private static Object lookup(JsonObject tree, String path) {
        String[] parts = path.split("\\.");
        JsonObject node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            Object next = node.getValue(parts[i]);
            if (!(next instanceof JsonObject child)) {
                return null;
            }
            node = child;
        }
        Object value = node.getValue(parts[parts.length - 1]);
        return value instanceof io.vertx.core.json.JsonArray array ? array.getList() : value;
    }

    private static void remove(JsonObject tree, String path) {
        String[] parts = path.split("\\.");
        JsonObject node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            if (!(node.getValue(parts[i]) instanceof JsonObject child)) {
                return;
            }
            node = child;
        }
        node.remove(parts[parts.length - 1]);
    }

    private static void put(JsonObject tree, String path, Object value) {
        String[] parts = path.split("\\.");
        JsonObject node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonObject child = node.getValue(parts[i]) instanceof JsonObject existing ? existing : null;
            if (child == null) {
                child = new JsonObject();
                node.put(parts[i], child);
            }
            node = child;
        }
        node.put(parts[parts.length - 1], value);
    }
}
