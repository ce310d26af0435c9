package verticles.platform.db;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import verticles.platform.CommandFailure;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Creating something under an {@code Idempotency-Key}, at most once whatever the timing. The key
 * is claimed by the very statement that creates the thing, so both commit or neither does: an
 * answer that timed out, or a node that died after the commit, leaves a key that a retry finds.
 * The retry creates nothing and learns the id the first attempt created.
 *
 * <p>A creating statement is written as the rest of a {@code WITH}: its data-changing parts read
 * {@code FROM proceed} (one row when this attempt claimed the key, or when there is no key; none
 * otherwise), and its parameters are numbered from {@code $5}: {@code $1..$4} are the claim's.
 */
public final class CreatedOnce {

    /** The field of a command that carries its request's key: {@code {scope, keyHash, fingerprint}}. */
    public static final String COMMAND_FIELD = "idempotency";
    /** Marks an answer that is what an earlier attempt created; the API strips it and says so in a header. */
    public static final String REPLAYED_FIELD = "$replayed";

    // ON CONFLICT waits for a concurrent attempt with the same key to commit or roll back, so two
    // attempts at once still create one thing.
    private static final String CLAIM = """
        WITH claim AS (
          INSERT INTO idempotency_keys (scope, key_hash, fingerprint, created_id)
          SELECT $1::text, $2::text, $3::text, $4::text WHERE $2::text IS NOT NULL
          ON CONFLICT DO NOTHING RETURNING 1),
        proceed AS (SELECT 1 WHERE $2::text IS NULL OR EXISTS (SELECT 1 FROM claim)),
        """;
    private static final String EARLIER =
        "SELECT fingerprint, created_id FROM idempotency_keys WHERE scope = $1 AND key_hash = $2";
    private static final String PURGE = "DELETE FROM idempotency_keys WHERE created_at < $1";

    private CreatedOnce() {
    }

    /** What a creating statement did: created the thing ({@code rows} are its result), or found what an earlier attempt created. */
    public record Outcome(RowSet<Row> rows, String earlierId) {
        public boolean created() {
            return earlierId == null;
        }
    }

    /**
     * Runs {@code creating} (see the class comment) for {@code command}, whose new thing would be
     * {@code newId}. Fails with 422 when the key was used before for a different request.
     */
    public static Future<Outcome> run(SqlClient db, JsonObject command, String newId, String creating, List<Object> params) {
        JsonObject key = command.getJsonObject(COMMAND_FIELD);
        List<Object> all = new ArrayList<>(4 + params.size());
        all.add(key == null ? null : key.getString("scope"));
        all.add(key == null ? null : key.getString("keyHash"));
        all.add(key == null ? null : key.getString("fingerprint"));
        all.add(newId);
        all.addAll(params);
        return db.preparedQuery(CLAIM + creating).execute(Tuple.wrap(all)).compose(rows -> {
            if (rows.rowCount() > 0 || key == null) {
                return Future.succeededFuture(new Outcome(rows, null));
            }
            return db.preparedQuery(EARLIER).execute(Tuple.of(key.getString("scope"), key.getString("keyHash")))
                .compose(earlier -> earlier.size() == 0
                    // Claimed and then purged in between: vanishingly rare, and a retry is safe.
                    ? CommandFailure.<Outcome>fail(503, "this Idempotency-Key is being released; retry shortly")
                    : sameRequest(key, earlier.iterator().next()));
        });
    }

    private static Future<Outcome> sameRequest(JsonObject key, Row earlier) {
        if (!key.getString("fingerprint").equals(earlier.getString("fingerprint"))) {
            return CommandFailure.fail(422,
                "this Idempotency-Key was used with a different request; use a new key for a new request");
        }
        return Future.succeededFuture(new Outcome(null, earlier.getString("created_id")));
    }

    /** An earlier attempt's creation, as the answer to a retry: marked so the API says it is a replay. */
    public static JsonObject replayed(JsonObject created) {
        return created.put(REPLAYED_FIELD, true);
    }

    /** Forgets keys older than {@code keep}: after that a retry with the key creates anew, as the API documents. */
    public static Future<Integer> purge(SqlClient db, Duration keep) {
        return db.preparedQuery(PURGE).execute(Tuple.of(OffsetDateTime.now(ZoneOffset.UTC).minus(keep)))
            .map(RowSet::rowCount);
    }
}
