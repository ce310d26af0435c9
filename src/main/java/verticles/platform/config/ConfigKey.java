package verticles.platform.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * One documented configuration key: its dotted path in the YAML files, its default, what it
 * means, and the environment variable that overrides it.
 *
 * <p>The naming rule is the same for every key: {@code MERIDIAN_} followed by the path in upper
 * case, with dots and dashes turned into underscores ({@code http.port} → {@code MERIDIAN_HTTP_PORT},
 * {@code outbox.poll-interval} → {@code MERIDIAN_OUTBOX_POLL_INTERVAL}).
 */
public final class ConfigKey<T> {

    private final String path;
    private final T defaultValue;
    private final String description;
    private final Function<Object, T> parser;
    private final List<String> formerPaths;

    private ConfigKey(String path, T defaultValue, String description, Function<Object, T> parser) {
        this(path, defaultValue, description, parser, List.of());
    }

    private ConfigKey(String path, T defaultValue, String description, Function<Object, T> parser,
                      List<String> formerPaths) {
        this.path = path;
        this.defaultValue = defaultValue;
        this.description = description;
        this.parser = parser;
        this.formerPaths = formerPaths;
    }

    /**
     * This key under a name it had before: YAML at the old path and the old environment variable
     * still work (the new name wins when both are set), and the node says at start-up which old
     * names it read. A renamed key keeps its old name this way, so no deployment breaks.
     */
    public ConfigKey<T> formerly(String oldPath) {
        List<String> former = new java.util.ArrayList<>(formerPaths);
        former.add(oldPath);
        return new ConfigKey<>(path, defaultValue, description, parser, List.copyOf(former));
    }

    /** The paths this key had before, oldest first; empty for a key never renamed. */
    public List<String> formerPaths() {
        return formerPaths;
    }

    public static ConfigKey<Integer> integer(String path, int defaultValue, String description) {
        return new ConfigKey<>(path, defaultValue, description, ConfigKey::parseInt);
    }

    public static ConfigKey<Boolean> bool(String path, boolean defaultValue, String description) {
        return new ConfigKey<>(path, defaultValue, description, ConfigKey::parseBoolean);
    }

    public static ConfigKey<String> string(String path, String defaultValue, String description) {
        return new ConfigKey<>(path, defaultValue, description, Object::toString);
    }

    public static ConfigKey<Duration> duration(String path, String defaultValue, String description) {
        return new ConfigKey<>(path, parseDuration(defaultValue), description, ConfigKey::parseDuration);
    }

    /** A list, written as a YAML sequence or, in an environment variable, separated by commas. */
    public static ConfigKey<List<String>> list(String path, String defaultValue, String description) {
        return new ConfigKey<>(path, parseList(defaultValue), description, ConfigKey::parseList);
    }

    public String path() {
        return path;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    public String envName() {
        return envName(path);
    }

    public static String envName(String path) {
        return "MERIDIAN_" + path.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Turns a raw value (a YAML scalar or an environment string) into the key's type. */
    public T parse(Object raw) {
        if (raw == null) {
            return defaultValue;
        }
        try {
            return parser.apply(raw);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                "configuration key '" + path + "' (env " + envName() + "): cannot use '" + raw + "': " + e.getMessage(), e);
        }
    }

    /** The default written as it would be in YAML, for documentation. */
    public String defaultText() {
        if (defaultValue instanceof Duration d) {
            return formatDuration(d);
        }
        if (defaultValue instanceof List<?> l) {
            return String.join(",", l.stream().map(Object::toString).toList());
        }
        return String.valueOf(defaultValue);
    }

    private static Integer parseInt(Object raw) {
        if (raw instanceof Number n) {
            return n.intValue();
        }
        return Integer.parseInt(raw.toString().trim());
    }

    private static Boolean parseBoolean(Object raw) {
        if (raw instanceof Boolean b) {
            return b;
        }
        String s = raw.toString().trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException("expected true or false");
        };
    }

    /** Durations are written with a unit: {@code 250ms}, {@code 2s}, {@code 5m}, {@code 24h}. */
    static Duration parseDuration(Object raw) {
        String s = raw.toString().trim().toLowerCase(Locale.ROOT);
        if (s.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).trim()));
        }
        long amount = Long.parseLong(s.substring(0, s.length() - 1).trim());
        return switch (s.charAt(s.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            case 'd' -> Duration.ofDays(amount);
            default -> throw new IllegalArgumentException("expected a number with a unit: ms, s, m, h or d");
        };
    }

    /** A duration as configuration writes it: {@code 90d}, {@code 5m}, {@code 250ms}. */
    public static String formatDuration(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0 && ms > 0) return ms / 86_400_000 + "d";
        if (ms % 3_600_000 == 0 && ms > 0) return ms / 3_600_000 + "h";
        if (ms % 60_000 == 0 && ms > 0) return ms / 60_000 + "m";
        if (ms % 1000 == 0) return ms / 1000 + "s";
        return ms + "ms";
    }

    private static List<String> parseList(Object raw) {
        if (raw instanceof List<?> l) {
            return l.stream().map(Objects::toString).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
        if (raw instanceof Iterable<?> it) {
            List<String> out = new java.util.ArrayList<>();
            it.forEach(o -> out.add(o.toString().trim()));
            return List.copyOf(out);
        }
        return Arrays.stream(raw.toString().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    @Override
    public String toString() {
        return path;
    }
}
