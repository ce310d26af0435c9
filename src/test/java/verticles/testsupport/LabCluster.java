package verticles.testsupport;

import io.vertx.core.json.JsonObject;
import verticles.testsupport.RealInfrastructure.Infrastructure;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Meridian as production runs it, on one machine: production-jar nodes on the {@code k8s}
 * profile, one per host of a {@link NetworkLab}, each behind the firewall the rendered k8s/base
 * manifests declare ({@link PolicyFirewall}); a Kafka broker of its own, and the test's Redis and
 * PostgreSQL, at the bridge's address on the ports the policy opens. Hosts are numbered from 1.
 */
public final class LabCluster implements AutoCloseable {

    /** Each node's HTTP port, as the {@code k8s} profile and the Deployment have it. */
    public static final int HTTP_PORT = 8080;

    private final NetworkLab lab;
    private final Infrastructure infra;
    private final List<AutoCloseable> stores = new ArrayList<>();
    private final List<JarProcess> nodes = new ArrayList<>();
    private final String name = "meridian-lab-" + UUID.randomUUID();
    private final int hosts;
    private final Map<String, String> overrides;
    private KafkaBrokerProcesses kafka;

    private LabCluster(NetworkLab lab, Infrastructure infra, int hosts, Map<String, String> overrides) {
        this.lab = lab;
        this.infra = infra;
        this.hosts = hosts;
        this.overrides = overrides;
    }

    /** Why a lab cluster cannot run here, or null when it can. */
    public static String unavailableBecause() throws IOException, InterruptedException {
        String missing = NetworkLab.unavailableBecause();
        if (missing != null) {
            return missing;
        }
        return Processes.run(List.of("kubectl", "version", "--client"), null, Duration.ofSeconds(20)).exit() == 0
            ? null : "kubectl is not installed (Debian's kubernetes-client package)";
    }

    /** Builds the hosts and stores and starts a node on each; returns once every node sees them all. */
    public static LabCluster start(Infrastructure infra, int hosts, Map<String, String> overrides) throws Exception {
        return start(infra, hosts, overrides, Duration.ZERO);
    }

    /** As {@link #start(Infrastructure, int, Map)}, with {@code delay} added each way between hosts on their pod-to-pod ports. */
    public static LabCluster start(Infrastructure infra, int hosts, Map<String, String> overrides, Duration delay)
        throws Exception {
        List<Map<String, Object>> manifests = PolicyFirewall.renderBase(Path.of(System.getProperty("user.dir")));
        LabCluster cluster = new LabCluster(NetworkLab.create(hosts), infra, hosts, overrides);
        try {
            String ruleset = PolicyFirewall.ruleset(manifests, cluster.addresses());
            for (int host = 1; host <= hosts; host++) {
                cluster.lab.firewall(host, ruleset);
            }
            if (!delay.isZero()) {
                cluster.lab.delayBetweenHosts(PolicyFirewall.podToPodPorts(manifests), delay);
            }
            URI pg = URI.create(infra.pgUrl().replaceFirst("^postgresql:", "http:"));
            cluster.stores.add(TcpForwarder.start(NetworkLab.GATEWAY, 5432, pg.getHost(), pg.getPort(), Duration.ZERO));
            URI redis = URI.create(infra.redisUrl());
            cluster.stores.add(TcpForwarder.start(NetworkLab.GATEWAY, 6379, redis.getHost(), redis.getPort(), Duration.ZERO));
            cluster.kafka = KafkaBrokerProcesses.start(Files.createTempDirectory("meridian-lab-kafka"), NetworkLab.GATEWAY,
                List.of(9092), List.of(9093));
            for (int host = 1; host <= hosts; host++) {
                cluster.nodes.add(cluster.launch(host));
            }
            for (int host = 1; host <= hosts; host++) {
                cluster.awaitMembers(host, hosts, Duration.ofSeconds(180));
            }
            return cluster;
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    public NetworkLab lab() {
        return lab;
    }

    public String baseUrl(int host) {
        return "http://" + NetworkLab.address(host) + ":" + HTTP_PORT;
    }

    public Api api(int host, String apiKey) {
        return new Api(baseUrl(host), apiKey);
    }

    /** SIGKILL of the host's node: no shutdown hook, no leaving the cluster. */
    public void kill(int host) throws InterruptedException {
        nodes.get(host - 1).kill();
    }

    /** Starts the host's node again (after {@link #kill}). */
    public void restart(int host) throws IOException {
        nodes.set(host - 1, launch(host));
    }

    /** Waits until the host's node answers ready in a cluster of {@code members}; fails with its log otherwise. */
    public void awaitMembers(int host, int members, Duration deadline) throws IOException {
        try {
            Eventually.await(deadline, () -> members(host), seen -> seen == members);
        } catch (AssertionError e) {
            String log = nodes.get(host - 1).output();
            throw new AssertionError("host " + host + " did not see a cluster of " + members + ":\n"
                + log.substring(Math.max(0, log.length() - 4_000)), e);
        }
    }

    /** The cluster members the host's node reports, or 0 while it does not answer. */
    public int members(int host) {
        try {
            Api.Response ready = new Api(baseUrl(host), null).get("/health/ready");
            JsonObject cluster = ready.json().getJsonObject("checks").getJsonObject("cluster");
            return cluster.getInteger("members", 0);
        } catch (RuntimeException notAnswering) {
            return 0;
        }
    }

    private List<String> addresses() {
        List<String> addresses = new ArrayList<>();
        for (int host = 1; host <= hosts; host++) {
            addresses.add(NetworkLab.address(host));
        }
        return addresses;
    }

    private JarProcess launch(int host) throws IOException {
        URI pg = URI.create(infra.pgUrl().replaceFirst("^postgresql:", "http:"));
        Map<String, String> env = new HashMap<>();
        env.put("MERIDIAN_PROFILE", "k8s");
        env.put("MERIDIAN_LOG_FORMAT", "text");
        env.put("MERIDIAN_CLUSTER_NAME", name);
        env.put("MERIDIAN_CLUSTER_HOST", NetworkLab.address(host));
        env.put("MERIDIAN_CLUSTER_MEMBERS", String.join(",", addresses()));
        env.put("MERIDIAN_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
        env.put("MERIDIAN_KAFKA_REPLICATION_FACTOR", "1");
        env.put("MERIDIAN_KAFKA_PARTITIONS", "3");
        env.put("MERIDIAN_REDIS_URL", "redis://" + NetworkLab.GATEWAY + ":6379");
        env.put("MERIDIAN_PG_URL", infra.pgUrl().replace(pg.getHost() + ":" + pg.getPort(), NetworkLab.GATEWAY + ":5432"));
        env.put("MERIDIAN_PUSH_TOKEN_SECRET", "lab-cluster-secret");
        env.put("MERIDIAN_WEBHOOKS_SECRET_KEYS", "test:G2h/soz0Pxs9HgXmxjMdFZH7DVdzSJ0sy8LfsxomrPg=");
        env.put("MERIDIAN_SEED_DEMO_TENANTS", "true");
        env.put("MERIDIAN_AUTH_ADMIN_KEY", "admin-key");
        env.putAll(overrides);
        return JarProcess.start(NetworkLab.inHost(host, List.of()), List.of("-Xmx384m", "-XX:+UseSerialGC"), env,
            HTTP_PORT);
    }

    @Override
    public void close() throws Exception {
        for (JarProcess node : nodes) {
            node.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        for (AutoCloseable store : stores) {
            store.close();
        }
        lab.close();
    }
}
