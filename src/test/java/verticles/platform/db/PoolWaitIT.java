package verticles.platform.db;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import verticles.platform.Clients;
import verticles.platform.CommandFailure;
import verticles.platform.config.Keys;
import verticles.platform.config.MeridianConfig;
import verticles.testsupport.RealInfrastructure;
import verticles.testsupport.RealInfrastructure.Infrastructure;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The failure a command gets when every connection of its pool is taken for longer than the
 * pool's wait, from the real SQL client: it must read as "busy" (503 with Retry-After, and not
 * counted toward opening the database's circuit). The client gives that failure no type of its
 * own, so this test pins what it does give; a client upgrade that changes it fails here.
 */
@ExtendWith(RealInfrastructure.class)
@DisplayName("A PostgreSQL pool with every connection taken")
class PoolWaitIT {

    @Test
    @DisplayName("fails the next command as busy once it has waited the pool's connection timeout")
    void waitingTooLongIsBusy(Infrastructure infra) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            MeridianConfig config = MeridianConfig.of(new io.vertx.core.json.JsonObject())
                .with(Keys.PG_URL, infra.pgUrl()).with(Keys.PG_POOL_SIZE, 1);
            Pool pool = Clients.postgres(vertx, config, "pool-wait-test");
            SqlConnection held = pool.getConnection().await(10, TimeUnit.SECONDS);
            Throwable query = pool.query("SELECT 1").execute()
                .map(rows -> (Throwable) null).otherwise(e -> e).await(20, TimeUnit.SECONDS);
            Throwable connection = pool.getConnection()
                .map(c -> (Throwable) null).otherwise(e -> e).await(20, TimeUnit.SECONDS);
            held.close();
            for (Throwable failure : new Throwable[] {query, connection}) {
                assertTrue(failure != null, "the pool's one connection was taken");
                assertTrue(CommandFailure.isBusy(failure), "busy, not broken: " + failure);
                assertTrue(CommandFailure.isOverload(failure));
            }
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
