package verticles.webhooks;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.domain.webhook.SecretBox;

import java.util.ArrayList;
import java.util.List;

/**
 * Reseals, under the first of {@code webhooks.secret-keys}, every stored webhook secret that is
 * in clear or sealed under another key: the second half of a key rotation, run by each node at
 * start, a page of webhooks at a time. A row another node resealed meanwhile is left as it is
 * (the update compares the old value), and one whose key is gone is logged and skipped.
 */
final class SecretResealing {

    private static final Logger LOG = LoggerFactory.getLogger(SecretResealing.class);
    private static final int PAGE = 200;
    private static final String PAGE_SQL = """
        SELECT id, secret FROM webhooks WHERE secret NOT LIKE $1 AND id > $2 ORDER BY id LIMIT $3""";
    private static final String RESEAL = "UPDATE webhooks SET secret = $2 WHERE id = $1 AND secret = $3";

    private SecretResealing() {
    }

    /** Completes with how many secrets were resealed. */
    static Future<Integer> run(Pool pool, SecretBox box) {
        return page(pool, box, "", 0).onSuccess(count -> {
            if (count > 0) {
                LOG.info("resealed {} webhook secret(s) under the first of webhooks.secret-keys", count);
            }
        });
    }

    private static Future<Integer> page(Pool pool, SecretBox box, String after, int done) {
        return pool.preparedQuery(PAGE_SQL).execute(Tuple.of(box.currentPrefix() + "%", after, PAGE)).compose(rows -> {
            if (rows.size() == 0) {
                return Future.succeededFuture(done);
            }
            List<Tuple> updates = resealed(rows, box);
            String last = lastId(rows);
            Future<Integer> written = updates.isEmpty() ? Future.succeededFuture(0)
                : pool.preparedQuery(RESEAL).executeBatch(updates).map(updates.size());
            return written.compose(n -> page(pool, box, last, done + n));
        });
    }

    private static List<Tuple> resealed(RowSet<Row> rows, SecretBox box) {
        List<Tuple> updates = new ArrayList<>();
        for (Row row : rows) {
            String id = row.getString("id");
            String stored = row.getString("secret");
            try {
                updates.add(Tuple.of(id, box.seal(box.open(stored, id), id), stored));
            } catch (IllegalStateException e) {
                LOG.warn("webhook {}: cannot reseal its secret: {}", id, e.getMessage());
            }
        }
        return updates;
    }

    private static String lastId(RowSet<Row> rows) {
        String last = "";
        for (Row row : rows) {
            last = row.getString("id");
        }
        return last;
    }
}
