package verticles.platform.maintenance;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import verticles.platform.config.MeridianConfig;

import java.time.Instant;
import java.util.List;

/**
 * One feature's share of the upkeep that keeps its stores bounded: partitions made and dropped,
 * old rows purged. Each feature lists its own in
 * {@code META-INF/services/verticles.platform.maintenance.Upkeep}; the maintenance verticle runs
 * them all, on one node of the cluster at a time. An upkeep must be safe to run again at any
 * moment (a run cut short is finished by the next).
 */
public interface Upkeep {

    /**
     * Does the work due at {@code now}; answers a report per table: {@code table} and what was done
     * ({@code purged} rows; for a partitioned table also {@code created}, {@code dropped},
     * {@code partitions} and {@code oldest}).
     */
    Future<List<JsonObject>> run(Pool pool, MeridianConfig config, Instant now);

    /** The report of an upkeep that purges one table: how many rows {@code purge} deleted. */
    static Future<List<JsonObject>> purged(String table, Future<Long> purge) {
        return purge.map(rows -> List.of(new JsonObject().put("table", table).put("purged", rows)));
    }
}
