package verticles.deadletters;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import verticles.platform.config.MeridianConfig;
import verticles.platform.maintenance.Upkeep;

import java.time.Instant;
import java.util.List;

/** Bounds {@code dead_letters}: a letter older than {@code dead-letters.retention} is purged, in batches. */
public final class DeadLetterUpkeep implements Upkeep {

    @Override
    public Future<List<JsonObject>> run(Pool pool, MeridianConfig config, Instant now) {
        return Upkeep.purged("dead_letters", new DeadLetterStore(pool).purgeBefore(now.minus(config.get(DeadLetterKeys.DEAD_LETTERS_RETENTION))));
    }
}
