package verticles.shipments;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import verticles.platform.config.MeridianConfig;
import verticles.platform.db.TimePartitions;
import verticles.platform.maintenance.Upkeep;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Keeps the shipments' history bounded: {@code location_history} (by device time) and
 * {@code checkpoints} (by scan time) get their partitions ahead of time, and lose each one whole
 * once all its rows are older than {@code history.retention}.
 */
public final class HistoryUpkeep implements Upkeep {

    static final TimePartitions LOCATIONS = new TimePartitions("location_history", "recorded_at");
    static final TimePartitions CHECKPOINTS = new TimePartitions("checkpoints", "at");

    @Override
    public Future<List<JsonObject>> run(Pool pool, MeridianConfig config, Instant now) {
        Duration retention = config.get(ShipmentKeys.HISTORY_RETENTION);
        Duration size = config.get(ShipmentKeys.HISTORY_PARTITION_SIZE);
        if (size.compareTo(Duration.ofMinutes(1)) < 0) {
            return Future.failedFuture(new IllegalArgumentException("history.partition-size must be at least 1m, not " + size));
        }
        Duration ahead = size.multipliedBy(Math.max(1, config.get(ShipmentKeys.HISTORY_PARTITIONS_AHEAD)));
        return LOCATIONS.upkeep(pool, now, retention, size, ahead)
            .compose(locations -> CHECKPOINTS.upkeep(pool, now, retention, size, ahead)
                .map(checkpoints -> List.of(locations, checkpoints)));
    }
}
