package verticles.testsupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;
import verticles.dev.FreePorts;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A KRaft Kafka cluster of {@code count} brokers on loopback, each a JVM of its own (broker and
 * controller in one, from the Kafka jars on this classpath), so one can be killed with SIGKILL.
 * Topics default to replication 3 with {@code min.insync.replicas=2}, as in production.
 */
public final class KafkaBrokerProcesses implements AutoCloseable {

    private final String host;
    private final List<Integer> brokerPorts = new ArrayList<>();
    private final List<Process> brokers = new ArrayList<>();

    private KafkaBrokerProcesses(String host) {
        this.host = host;
    }

    /** {@code count} brokers on loopback, on free ports. */
    public static KafkaBrokerProcesses start(Path dir, int count) throws Exception {
        List<Integer> brokerPorts = new ArrayList<>();
        List<Integer> controllerPorts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            brokerPorts.add(FreePorts.next());
            controllerPorts.add(FreePorts.next());
        }
        return start(dir, "127.0.0.1", brokerPorts, controllerPorts);
    }

    /** One broker per pair of ports, listening on {@code host}. */
    public static KafkaBrokerProcesses start(Path dir, String host, List<Integer> brokerPorts,
                                             List<Integer> controllerPorts) throws Exception {
        KafkaBrokerProcesses cluster = new KafkaBrokerProcesses(host);
        cluster.brokerPorts.addAll(brokerPorts);
        int count = brokerPorts.size();
        List<String> voters = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            voters.add((i + 1) + "@" + host + ":" + controllerPorts.get(i));
        }
        String clusterId = Uuid.randomUuid().toString();
        try {
            List<Path> configs = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Path home = Files.createDirectories(dir.resolve("broker-" + (i + 1)));
                Path config = home.resolve("server.properties");
                Files.writeString(config, String.join("\n",
                    "process.roles=broker,controller",
                    "node.id=" + (i + 1),
                    "controller.quorum.voters=" + String.join(",", voters),
                    "listeners=PLAINTEXT://" + host + ":" + cluster.brokerPorts.get(i)
                        + ",CONTROLLER://" + host + ":" + controllerPorts.get(i),
                    "advertised.listeners=PLAINTEXT://" + host + ":" + cluster.brokerPorts.get(i),
                    "controller.listener.names=CONTROLLER",
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                    "inter.broker.listener.name=PLAINTEXT",
                    "log.dirs=" + home.resolve("data"),
                    "num.partitions=3",
                    "default.replication.factor=" + Math.min(3, count),
                    "min.insync.replicas=" + Math.min(2, count),
                    "offsets.topic.replication.factor=" + Math.min(3, count),
                    "transaction.state.log.replication.factor=" + Math.min(3, count),
                    "transaction.state.log.min.isr=" + Math.min(2, count),
                    "unclean.leader.election.enable=false",
                    "group.initial.rebalance.delay.ms=0",
                    // A killed broker is declared dead, and its partitions led elsewhere, within seconds.
                    "broker.session.timeout.ms=4000",
                    "broker.heartbeat.interval.ms=500",
                    "") );
                configs.add(config);
                Processes.Outcome formatted = Processes.run(List.of(java(), "-Xmx128m", "-cp", classpath(),
                    "kafka.tools.StorageTool", "format", "-t", clusterId, "-c", config.toString()), null,
                    Duration.ofSeconds(60));
                if (formatted.exit() != 0) {
                    throw new IllegalStateException("formatting broker " + (i + 1) + " failed: " + formatted.output());
                }
            }
            for (int i = 0; i < count; i++) {
                Path home = configs.get(i).getParent();
                cluster.brokers.add(new ProcessBuilder(java(), "-Xmx384m", "-XX:+UseSerialGC", "-cp", classpath(),
                    "kafka.Kafka", configs.get(i).toString())
                    .redirectErrorStream(true).redirectOutput(home.resolve("broker.log").toFile()).start());
            }
            for (int port : cluster.brokerPorts) {
                Eventually.await(Duration.ofSeconds(90), () -> listening(host, port), Boolean::booleanValue);
            }
            return cluster;
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return String.join(",", brokerPorts.stream().map(port -> host + ":" + port).toList());
    }

    /** The broker (1-based) that leads partition {@code partition} of {@code topic} now. */
    public int leaderOf(String topic, int partition) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                .get(topic);
            return description.partitions().get(partition).leader().id();
        }
    }

    /** Kills broker {@code number} (1-based) with SIGKILL: no shutdown, no flush, no handing over of leadership. */
    public void kill(int number) throws InterruptedException {
        Process broker = brokers.get(number - 1);
        broker.destroyForcibly();
        broker.waitFor(10, TimeUnit.SECONDS);
    }

    private static boolean listening(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String classpath() {
        return System.getProperty("java.class.path");
    }

    @Override
    public void close() throws InterruptedException {
        Processes.stopAll(brokers, Duration.ofSeconds(20));
    }
}
