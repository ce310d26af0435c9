package verticles.dev;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.launcher.Meridian;
import verticles.launcher.MeridianNode;
import verticles.platform.config.Keys;

import io.vertx.core.Vertx;
import verticles.platform.config.ConfigKey;
import verticles.platform.config.ConfigLoader;
import verticles.platform.config.MeridianConfig;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./mvnw exec:java}: a complete node on one laptop. Kafka, PostgreSQL and Redis are the
 * ones named by {@code MERIDIAN_KAFKA_BOOTSTRAP}, {@code MERIDIAN_PG_URL} or
 * {@code MERIDIAN_REDIS_URL}, or set in {@code conf/meridian-dev.yaml}, and are started
 * embedded otherwise, with their data in
 * {@code .meridian/} (git ignores it; delete it for a clean slate). Runs the {@code dev} profile:
 * demo tenants, the order simulator, every verticle. Ctrl-C stops the node, then the servers.
 */
public final class DevMain {

    private static final Logger LOG = LoggerFactory.getLogger(DevMain.class);

    private DevMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        try {
            runDeveloperNode();
        } catch (Exception | Error e) {
            // exec:java would hold a thrown error until every thread ends, and the embedded
            // broker's threads never do: report it and leave now.
            LOG.error("the developer run could not start", e);
            System.exit(1);
        }
        Thread.currentThread().join();
    }

    /**
     * Endpoints someone chose: those in the environment and those the dev profile's own file
     * sets. The base file's values are production defaults, not a choice for this laptop.
     */
    private static Map<String, String> configuredEndpoints(Map<String, String> env) throws Exception {
        Map<String, String> configured = new HashMap<>(env);
        Vertx vertx = Vertx.vertx();
        try {
            MeridianConfig profileFile = ConfigLoader.profileFileOnly(vertx, env).await(30, TimeUnit.SECONDS);
            for (ConfigKey<String> endpoint : List.of(Keys.KAFKA_BOOTSTRAP, Keys.REDIS_URL, Keys.PG_URL)) {
                if (profileFile.sets(endpoint)) {
                    configured.putIfAbsent(endpoint.envName(), profileFile.get(endpoint));
                }
            }
        } finally {
            vertx.close();
        }
        return configured;
    }

    private static void runDeveloperNode() throws Exception {
        long started = System.nanoTime();
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putIfAbsent("MERIDIAN_PROFILE", "dev");
        Path dataRoot = Path.of(env.getOrDefault("MERIDIAN_DEV_DATA", ".meridian"));

        EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(configuredEndpoints(env), dataRoot);
        env.putAll(infra.endpoints());
        // On Ctrl-C the node drains and commits first; only then do its servers stop.
        MeridianNode node = Meridian.run(env, infra);
        if (node == null) {
            infra.close();
            System.exit(1);
        }

        int port = node.config().get(Keys.HTTP_PORT);
        String adminKey = node.config().get(Keys.AUTH_ADMIN_KEY);
        LOG.info("""

            ================================================================
             Meridian is ready in {} ms at http://localhost:{}
             demo API key: demo-key    (second tenant: acme-key, admin: {})
             development-only keys: never use them outside this machine
             try: curl -H 'Authorization: Bearer demo-key' http://localhost:{}/v1/orders
             Ctrl-C stops the node and its embedded servers
            ================================================================""",
            (System.nanoTime() - started) / 1_000_000, port, adminKey.isBlank() ? "none" : adminKey, port);
    }
}
