package verticles.platform.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

/** Whether PostgreSQL answers through a pool: what readiness asks. */
public final class DatabaseProbe {

    private DatabaseProbe() {
    }

    /** Succeeds when a trivial statement round-trips: a connection was free and the server answered. */
    public static Future<Void> ping(SqlClient db) {
        return db.query("SELECT 1").execute().mapEmpty();
    }
}
