package verticles.platform.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Applies the SQL migrations under {@code db/migration/} ({@link Migrations} finds them) in
 * order, each once, each in its own transaction. An advisory lock lets many nodes start at once: one migrates, the rest wait and
 * then find nothing left to do.
 */
public final class Migrator {

    private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);
    private static final long LOCK_ID = 0x6d6572696469616eL; // "meridian"

    private Migrator() {
    }

    public static Future<Integer> migrate(Vertx vertx, Pool pool) {
        return vertx.executeBlocking(Migrations::discover).compose(migrations -> migrate(vertx, pool, migrations));
    }

    /** Applies those of {@code migrations} (file names, in order) not applied yet; for tests that stop at a version. */
    static Future<Integer> migrate(Vertx vertx, Pool pool, List<String> migrations) {
        return pool.withTransaction(conn -> conn.query("SET LOCAL client_min_messages = warning").execute()
            .compose(v -> conn.query("SELECT pg_advisory_xact_lock(" + LOCK_ID + ")").execute())
            .compose(v -> conn.query("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                  name text PRIMARY KEY,
                  applied_at timestamptz NOT NULL DEFAULT now())""").execute())
            .compose(v -> conn.query("SELECT name FROM schema_migrations").execute())
            .compose(rows -> {
                List<String> applied = new java.util.ArrayList<>();
                for (Row row : rows) {
                    applied.add(row.getString(0));
                }
                Future<Integer> chain = Future.succeededFuture(0);
                for (String name : migrations) {
                    if (!applied.contains(name)) {
                        chain = chain.compose(count -> apply(vertx, conn, name).map(count + 1));
                    }
                }
                return chain;
            }))
            .onSuccess(count -> LOG.info("database schema up to date ({} migration(s) applied now)", count));
    }

    private static Future<Void> apply(Vertx vertx, SqlConnection conn, String name) {
        return vertx.fileSystem().readFile(Migrations.FOLDER + "/" + name)
            .map(Buffer::toString)
            .compose(sql -> conn.query(sql).execute())
            .compose(v -> conn.preparedQuery("INSERT INTO schema_migrations (name) VALUES ($1)")
                .execute(Tuple.of(name)))
            .onSuccess(v -> LOG.info("applied migration {}", name))
            .mapEmpty();
    }
}
