package verticles.dev;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

import java.io.IOException;

/**
 * A real Redis server from the binary shipped in the embedded-redis jar. It keeps nothing on
 * disk: Redis holds only derived state, which Meridian refills from PostgreSQL.
 */
public final class EmbeddedRedisServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedisServer.class);

    private final int port = FreePorts.next();
    private RedisServer server;

    public EmbeddedRedisServer start() throws IOException {
        server = RedisServer.newRedisServer()
            .bind("127.0.0.1")
            .port(port)
            .setting("save \"\"")
            .setting("appendonly no")
            .setting("maxmemory 512mb")
            .setting("maxmemory-policy allkeys-lru")
            .build();
        server.start();
        LOG.info("embedded Redis ready at {}", url());
        return this;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            server.stop();
            server = null;
            LOG.info("embedded Redis stopped");
        }
    }
}
