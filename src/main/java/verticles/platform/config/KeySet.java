package verticles.platform.config;

import java.util.List;

/**
 * The configuration keys one feature declares. Each feature lists its set in
 * {@code META-INF/services/verticles.platform.config.KeySet}, so the platform knows every key
 * (to apply environment overrides, check values at start-up and document them) without knowing
 * any feature.
 */
public interface KeySet {

    List<ConfigKey<?>> keys();
}
