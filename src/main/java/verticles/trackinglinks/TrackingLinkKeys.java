package verticles.trackinglinks;

import verticles.platform.config.ConfigKey;
import verticles.platform.config.KeySet;

import java.time.Duration;
import java.util.List;

/** The tracking links feature's configuration. Registered in {@code META-INF/services}. */
public final class TrackingLinkKeys implements KeySet {

    public static final ConfigKey<Duration> TRACKING_LINKS_TTL = ConfigKey.duration("tracking-links.ttl", "30d",
        "how long a customer's tracking link works after it is made; expired links are purged by the maintenance");

    @Override
    public List<ConfigKey<?>> keys() {
        return List.of(TRACKING_LINKS_TTL);
    }
}
