package verticles.trackinglinks;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import verticles.platform.config.MeridianConfig;
import verticles.platform.maintenance.Upkeep;

import java.time.Instant;
import java.util.List;

/** Bounds {@code tracking_links}: an expired link opens nothing, so it is purged, in batches. */
public final class TrackingLinkUpkeep implements Upkeep {

    @Override
    public Future<List<JsonObject>> run(Pool pool, MeridianConfig config, Instant now) {
        return Upkeep.purged("tracking_links", new TrackingLinkStore(pool).purgeExpiredBefore(now));
    }
}
