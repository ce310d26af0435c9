package verticles.orders;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import verticles.platform.config.MeridianConfig;
import verticles.platform.maintenance.Upkeep;

import java.time.Instant;
import java.util.List;

/**
 * Bounds {@code order_history}: an order that ended more than {@code orders.history-retention}
 * ago keeps only its last entry (how it ended); the steps before it are purged in batches.
 */
public final class OrderHistoryUpkeep implements Upkeep {

    @Override
    public Future<List<JsonObject>> run(Pool pool, MeridianConfig config, Instant now) {
        return Upkeep.purged("order_history", new OrderStore().purgeHistoryEndedBefore(pool, now.minus(config.get(OrderKeys.ORDER_HISTORY_RETENTION))));
    }
}
