package verticles.testsupport;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.util.concurrent.TimeUnit;

/** Reads the real PostgreSQL directly, to check what a request did or did not write. */
public final class Database implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final Pool pool;

    public Database(RealInfrastructure.Infrastructure infra) {
        pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(infra.pgUrl())).using(vertx).build();
    }

    public long count(String sql, Object... params) throws Exception {
        return pool.preparedQuery(sql).execute(Tuple.from(params))
            .map(rows -> rows.iterator().next().getLong(0))
            .await(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        pool.close();
        vertx.close();
    }
}
