package verticles.testsupport;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.kafka.KafkaContainer;
import verticles.dev.EmbeddedInfrastructure;
import verticles.platform.config.Keys;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Gives integration tests real Kafka, Redis and PostgreSQL, started once per test run and shared
 * by every test class. For each, in this order: the endpoint named by its environment variable
 * ({@code MERIDIAN_KAFKA_BOOTSTRAP}, {@code MERIDIAN_REDIS_URL}, {@code MERIDIAN_PG_URL}); a
 * testcontainers container when a Docker daemon answers; else an embedded real server. Nothing
 * is ever mocked. Test classes declare {@code @ExtendWith(RealInfrastructure.class)} and take an
 * {@link Infrastructure} parameter.
 */
public final class RealInfrastructure implements BeforeAllCallback, ParameterResolver {

    private static final Logger LOG = LoggerFactory.getLogger(RealInfrastructure.class);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RealInfrastructure.class);

    /** The endpoints, as the environment overrides a node is started with. */
    public record Infrastructure(Map<String, String> endpoints) {
        public String kafkaBootstrap() {
            return endpoints.get(Keys.KAFKA_BOOTSTRAP.envName());
        }

        public String redisUrl() {
            return endpoints.get(Keys.REDIS_URL.envName());
        }

        public String pgUrl() {
            return endpoints.get(Keys.PG_URL.envName());
        }
    }

    /** Closed by JUnit when the whole run ends. */
    private static final class Servers implements ExtensionContext.Store.CloseableResource {
        private final Infrastructure infrastructure;
        private final AutoCloseable resources;

        Servers(Infrastructure infrastructure, AutoCloseable resources) {
            this.infrastructure = infrastructure;
            this.resources = resources;
        }

        @Override
        public void close() throws Exception {
            resources.close();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        servers(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Infrastructure.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return servers(context).infrastructure;
    }

    private static Servers servers(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("servers", k -> start(), Servers.class);
    }

    private static Servers start() {
        Map<String, String> env = new HashMap<>(System.getenv());
        try {
            AutoCloseable containers = () -> { };
            if (dockerAnswers()) {
                containers = startContainers(env);
            }
            Path dataRoot = Path.of("target", "it-infrastructure", UUID.randomUUID().toString());
            EmbeddedInfrastructure embedded = EmbeddedInfrastructure.start(env, dataRoot);
            AutoCloseable started = containers;
            return new Servers(new Infrastructure(embedded.endpoints()), () -> {
                embedded.close();
                started.close();
            });
        } catch (Exception e) {
            throw new IllegalStateException("could not provide Kafka, Redis and PostgreSQL for the tests", e);
        }
    }

    private static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** Starts a container for each service the environment does not name, and names it there. */
    private static AutoCloseable startContainers(Map<String, String> env) {
        Map<String, AutoCloseable> running = new HashMap<>();
        if (!env.containsKey(Keys.PG_URL.envName())) {
            PostgreSQLContainer<?> pg = new PostgreSQLContainer<>("postgres:16-alpine")
                .withDatabaseName("meridian").withUsername("postgres").withPassword("postgres");
            pg.start();
            running.put("postgres", pg::stop);
            env.put(Keys.PG_URL.envName(), "postgresql://postgres:postgres@" + pg.getHost() + ":"
                + pg.getMappedPort(5432) + "/meridian");
        }
        if (!env.containsKey(Keys.REDIS_URL.envName())) {
            GenericContainer<?> redis = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
            redis.start();
            running.put("redis", redis::stop);
            env.put(Keys.REDIS_URL.envName(), "redis://" + redis.getHost() + ":" + redis.getMappedPort(6379));
        }
        if (!env.containsKey(Keys.KAFKA_BOOTSTRAP.envName())) {
            KafkaContainer kafka = new KafkaContainer("apache/kafka:3.9.1");
            kafka.start();
            running.put("kafka", kafka::stop);
            env.put(Keys.KAFKA_BOOTSTRAP.envName(), kafka.getBootstrapServers());
        }
        LOG.info("testcontainers started: {}", running.keySet());
        return () -> {
            for (AutoCloseable c : running.values()) {
                c.close();
            }
        };
    }
}
