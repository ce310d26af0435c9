package verticles.dev;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.platform.config.ConfigKey;
import verticles.platform.config.Keys;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Kafka, PostgreSQL and Redis for the developer run and the tests: for each, the endpoint named
 * in the environment when there is one, else an embedded real server started here. The result is
 * a set of environment overrides ({@code MERIDIAN_KAFKA_BOOTSTRAP}, …) to start a node with.
 */
public final class EmbeddedInfrastructure implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedInfrastructure.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Map<String, String> endpoints = new HashMap<>();

    /**
     * @param env      where configured endpoints are looked up
     * @param dataRoot where embedded servers keep their data ({@code kafka/}, {@code postgres/})
     */
    public static EmbeddedInfrastructure start(Map<String, String> env, Path dataRoot) throws Exception {
        EmbeddedInfrastructure infra = new EmbeddedInfrastructure();
        try {
            infra.provide(env, Keys.PG_URL, () -> {
                EmbeddedPostgresServer pg = new EmbeddedPostgresServer(dataRoot.resolve("postgres")).start();
                return new Started(pg, pg.url());
            });
            infra.provide(env, Keys.REDIS_URL, () -> {
                EmbeddedRedisServer redis = new EmbeddedRedisServer().start();
                return new Started(redis, redis.url());
            });
            infra.provide(env, Keys.KAFKA_BOOTSTRAP, () -> {
                EmbeddedKafka kafka = new EmbeddedKafka(dataRoot.resolve("kafka")).start();
                return new Started(kafka, kafka.bootstrapServers());
            });
        } catch (Exception | Error e) {
            // A half-started set must not leave server processes behind.
            infra.close();
            throw e;
        }
        return infra;
    }

    private record Started(AutoCloseable server, String endpoint) {
    }

    private interface Starter {
        Started start() throws Exception;
    }

    private void provide(Map<String, String> env, ConfigKey<String> key, Starter starter) throws Exception {
        String configured = env.get(key.envName());
        if (configured != null && !configured.isBlank()) {
            LOG.info("using the configured {} ({}), not an embedded one", configured, key.path());
            endpoints.put(key.envName(), configured);
            return;
        }
        Started s = starter.start();
        started.push(s.server());
        endpoints.put(key.envName(), s.endpoint());
    }

    /** Environment overrides that point a node at these servers. */
    public Map<String, String> endpoints() {
        return Map.copyOf(endpoints);
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                LOG.warn("stopping an embedded server failed: {}", e.toString());
            }
        }
    }
}
