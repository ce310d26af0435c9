package verticles.testsupport;

import verticles.dev.FreePorts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Redis Cluster on loopback: {@code primaries} processes of the machine's
 * {@code redis-server}, each with cluster mode on and nothing kept on disk, joined and given the
 * 16,384 slots by {@code redis-cli --cluster create}. Stopped by PID on close.
 */
public final class RedisClusterProcesses implements AutoCloseable {

    private final List<Integer> ports = new ArrayList<>();
    private final List<Process> servers = new ArrayList<>();

    private RedisClusterProcesses() {
    }

    /** Why a cluster cannot be started here, or null when it can. */
    public static String unavailableBecause() throws IOException, InterruptedException {
        for (String tool : List.of("redis-server", "redis-cli")) {
            if (Processes.run(List.of(tool, "--version"), null, Duration.ofSeconds(10)).exit() != 0) {
                return tool + " is not installed (Debian's redis-server package has both)";
            }
        }
        return null;
    }

    public static RedisClusterProcesses start(Path dir, int primaries) throws Exception {
        RedisClusterProcesses cluster = new RedisClusterProcesses();
        try {
            for (int i = 0; i < primaries; i++) {
                int port = FreePorts.next();
                Path home = Files.createDirectories(dir.resolve("redis-" + port));
                cluster.ports.add(port);
                cluster.servers.add(new ProcessBuilder("redis-server", "--port", String.valueOf(port),
                    "--bind", "127.0.0.1", "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                    "--cluster-node-timeout", "5000", "--dir", home.toString(), "--save", "", "--appendonly", "no",
                    "--maxmemory", "256mb")
                    .redirectErrorStream(true).redirectOutput(home.resolve("redis.log").toFile()).start());
            }
            for (int port : cluster.ports) {
                Eventually.await(Duration.ofSeconds(20), () -> cli(port, "PING"), "PONG"::equals);
            }
            List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            cluster.ports.forEach(port -> create.add("127.0.0.1:" + port));
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            Processes.Outcome created = Processes.run(create, null, Duration.ofSeconds(60));
            if (created.exit() != 0) {
                throw new IllegalStateException("redis-cli --cluster create failed: " + created.output());
            }
            for (int port : cluster.ports) {
                Eventually.await(Duration.ofSeconds(30), () -> cli(port, "CLUSTER", "INFO"),
                    info -> info.contains("cluster_state:ok"));
            }
            return cluster;
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    /** {@code redis.url} for the cluster: every node as a seed. */
    public String seeds() {
        return String.join(",", ports.stream().map(port -> "redis://127.0.0.1:" + port).toList());
    }

    public List<Integer> ports() {
        return List.copyOf(ports);
    }

    /** Runs one command with redis-cli against one node (no redirects followed) and answers its output. */
    public static String cli(int port, String... command) {
        List<String> line = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(port)));
        line.addAll(List.of(command));
        try {
            return Processes.run(line, null, Duration.ofSeconds(10)).output().strip();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    @Override
    public void close() throws InterruptedException {
        Processes.stopAll(servers, Duration.ofSeconds(10));
    }
}
