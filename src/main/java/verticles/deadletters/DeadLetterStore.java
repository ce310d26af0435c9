package verticles.deadletters;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import verticles.platform.db.KeysetPage;
import verticles.platform.maintenance.BatchedPurge;

import java.time.Instant;
import java.time.ZoneOffset;

import java.util.List;
import java.util.Optional;

/** The SQL of the dead-letter store: letters kept once per source record, listed newest first, marked when replayed. */
final class DeadLetterStore {

    private static final String STORE = """
        INSERT INTO dead_letters (consumer, source_topic, source_partition, source_offset, record_key, record_value,
                                  error, tenant_id, reference)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
        ON CONFLICT (consumer, source_topic, source_partition, source_offset) DO NOTHING""";
    private static final String COLUMNS = """
        SELECT id, consumer, source_topic, source_partition, source_offset, record_key, record_value, error, tenant_id,
               reference, created_at, replayed_at
        FROM dead_letters""";
    private static final String LIST = COLUMNS + """
         WHERE ($1::text IS NULL OR consumer = $1) AND ($2::bigint IS NULL OR id < $2)
        ORDER BY id DESC LIMIT $3""";
    private static final String ONE = COLUMNS + " WHERE id = $1";
    private static final String MARK_REPLAYED = "UPDATE dead_letters SET replayed_at = now() WHERE id = $1 RETURNING replayed_at";

    private static final String PURGE = """
        DELETE FROM dead_letters WHERE id IN (SELECT id FROM dead_letters WHERE created_at < $2 LIMIT $1)""";

    private final Pool pool;

    DeadLetterStore(Pool pool) {
        this.pool = pool;
    }

    /** Stores letters, each a row of the insert's nine columns; one already stored is skipped. */
    Future<Void> store(List<Tuple> letters) {
        return letters.isEmpty() ? Future.succeededFuture() : pool.preparedQuery(STORE).executeBatch(letters).mapEmpty();
    }

    /** Up to {@code limit} letters older than {@code cursor} (null: the newest), of one consumer or all; and the next cursor. */
    Future<JsonObject> page(String consumer, Long cursor, int limit) {
        return pool.preparedQuery(LIST).execute(Tuple.of(consumer, cursor, limit + 1))
            .map(rows -> KeysetPage.of(rows, limit, DeadLetterStore::toJson));
    }

    Future<Optional<JsonObject>> one(long id) {
        return pool.preparedQuery(ONE).execute(Tuple.of(id))
            .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toJson(rows.iterator().next())));
    }

    /** Marks a letter replayed; answers when, as an ISO instant. */
    Future<String> markReplayed(long id) {
        return pool.preparedQuery(MARK_REPLAYED).execute(Tuple.of(id))
            .map(rows -> rows.iterator().next().getOffsetDateTime(0).toInstant().toString());
    }

    /** Deletes the letters kept since before {@code cutoff}, a batch at a time; answers how many. */
    Future<Long> purgeBefore(Instant cutoff) {
        return BatchedPurge.run(pool, PURGE, cutoff.atOffset(ZoneOffset.UTC));
    }

    private static JsonObject toJson(Row row) {
        return new JsonObject()
            .put("id", row.getLong("id"))
            .put("consumer", row.getString("consumer"))
            .put("topic", row.getString("source_topic"))
            .put("partition", row.getInteger("source_partition"))
            .put("offset", row.getLong("source_offset"))
            .put("key", row.getString("record_key"))
            .put("value", row.getString("record_value"))
            .put("error", row.getString("error"))
            .put("tenantId", row.getString("tenant_id"))
            .put("reference", row.getString("reference"))
            .put("createdAt", row.getOffsetDateTime("created_at").toInstant().toString())
            .put("replayedAt", row.getOffsetDateTime("replayed_at") == null ? null
                : row.getOffsetDateTime("replayed_at").toInstant().toString());
    }
}
