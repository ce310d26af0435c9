package verticles.testsupport;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Separate hosts on one machine: a Linux network namespace per host, each with its own address
 * on a bridge in the root namespace ({@link #GATEWAY}, where the test and the data stores live),
 * joined by a veth pair, and with a firewall of its own (nftables). Cutting a host's veth is a
 * pulled cable. Needs root (or CAP_NET_ADMIN) and the {@code ip} and {@code nft} tools.
 */
public final class NetworkLab implements AutoCloseable {

    /** The root namespace's address on the bridge: where hosts find Kafka, Redis and PostgreSQL. */
    public static final String GATEWAY = "10.77.0.1";
    private static final String PREFIX = "mrdn";
    private static final String BRIDGE = PREFIX + "-br";

    private final int hosts;

    private NetworkLab(int hosts) {
        this.hosts = hosts;
    }

    /** Why the lab cannot be built here, or null when it can. */
    public static String unavailableBecause() throws IOException, InterruptedException {
        if (Processes.run(List.of("nft", "--version"), null, Duration.ofSeconds(10)).exit() != 0) {
            return "nft is not installed (Debian's nftables package)";
        }
        Processes.Outcome probe = Processes.run(List.of("ip", "netns", "add", PREFIX + "-probe"), null, Duration.ofSeconds(10));
        if (probe.exit() != 0) {
            return "network namespaces cannot be created here (root or CAP_NET_ADMIN needed): " + probe.output().strip();
        }
        Processes.run(List.of("ip", "netns", "del", PREFIX + "-probe"), null, Duration.ofSeconds(10));
        return null;
    }

    /** Builds {@code hosts} hosts, numbered from 1, at {@code 10.77.0.11}, {@code .12}, …, removing any earlier lab's. */
    public static NetworkLab create(int hosts) throws IOException, InterruptedException {
        removeLeftovers(hosts + 4);
        NetworkLab lab = new NetworkLab(hosts);
        try {
            ip("link", "add", BRIDGE, "type", "bridge");
            ip("addr", "add", GATEWAY + "/24", "dev", BRIDGE);
            ip("link", "set", BRIDGE, "up");
            for (int host = 1; host <= hosts; host++) {
                String ns = namespace(host);
                String outside = PREFIX + "-v" + host;
                String inside = PREFIX + "-p" + host;
                ip("netns", "add", ns);
                ip("link", "add", outside, "type", "veth", "peer", "name", inside);
                ip("link", "set", inside, "netns", ns);
                ip("link", "set", outside, "master", BRIDGE, "up");
                ip("-n", ns, "addr", "add", address(host) + "/24", "dev", inside);
                ip("-n", ns, "link", "set", inside, "up");
                ip("-n", ns, "link", "set", "lo", "up");
            }
            return lab;
        } catch (IOException | InterruptedException | RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    public static String address(int host) {
        return "10.77.0." + (10 + host);
    }

    public static String namespace(int host) {
        return PREFIX + "-h" + host;
    }

    /** The command, run inside the host's namespace. */
    public static List<String> inHost(int host, List<String> command) {
        List<String> line = new ArrayList<>(List.of("ip", "netns", "exec", namespace(host)));
        line.addAll(command);
        return line;
    }

    /** Loads an nftables ruleset into the host's namespace (replacing what was there). */
    public void firewall(int host, String ruleset) throws IOException, InterruptedException {
        run(inHost(host, List.of("nft", "-f", "-")), "flush ruleset\n" + ruleset);
    }

    /** Pulls the host's cable: its veth goes down, so nothing reaches it or leaves it. */
    public void cut(int host) throws IOException, InterruptedException {
        ip("link", "set", PREFIX + "-v" + host, "down");
    }

    public void reconnect(int host) throws IOException, InterruptedException {
        ip("link", "set", PREFIX + "-v" + host, "up");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        removeLeftovers(hosts);
    }

    private static void removeLeftovers(int hosts) throws IOException, InterruptedException {
        for (int host = 1; host <= hosts; host++) {
            Processes.run(List.of("ip", "netns", "del", namespace(host)), null, Duration.ofSeconds(10));
            Processes.run(List.of("ip", "link", "del", PREFIX + "-v" + host), null, Duration.ofSeconds(10));
        }
        Processes.run(List.of("ip", "link", "del", BRIDGE), null, Duration.ofSeconds(10));
    }

    private static void ip(String... args) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of("ip"));
        line.addAll(List.of(args));
        run(line, null);
    }

    private static void run(List<String> command, String stdin) throws IOException, InterruptedException {
        Processes.Outcome outcome = Processes.run(command, stdin, Duration.ofSeconds(20));
        if (outcome.exit() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + outcome.output().strip());
        }
    }
}
