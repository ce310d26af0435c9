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
    /** The namespace of the host on the internet ({@link #publicHost}). */
    private static final String PUBLIC_HOST = PREFIX + "-pub";

    /** Local ports the delaying forwarders connect onward from, which their redirect leaves alone. */
    private static final String FORWARDER_SOURCE_PORTS = "40000-40999";

    private final int hosts;
    private final List<Process> forwarders = new ArrayList<>();

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
                onBridge(namespace(host), String.valueOf(host), address(host) + "/24");
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
        return inNamespace(namespace(host), command);
    }

    private static List<String> inNamespace(String namespace, List<String> command) {
        List<String> line = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
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

    /**
     * Adds {@code delay} each way to every new connection between hosts on {@code ports}: in each
     * host, connections to a peer's port are redirected (nftables, nat output) to a forwarder of
     * the host's own ({@link TcpForwarder}, a process in its namespace) that holds every chunk for
     * the delay and sends it on to the peer. Connections open before this call are not delayed,
     * so call it before the nodes start. Load the firewall first: it replaces every table.
     */
    public void delayBetweenHosts(java.util.Collection<Integer> ports, Duration delay) throws IOException, InterruptedException {
        for (int host = 1; host <= hosts; host++) {
            // The kernel never hands these out as ephemeral ports, so only the forwarder's own
            // onward connections come from them and skip the redirect: the node's never do.
            run(inHost(host, List.of("sysctl", "-q", "-w",
                "net.ipv4.ip_local_reserved_ports=" + FORWARDER_SOURCE_PORTS)), null);
            List<String> command = forwarderCommand(List.of(
                "--delay-ms", String.valueOf(delay.toMillis()), "--source-ports", FORWARDER_SOURCE_PORTS));
            StringBuilder rules = new StringBuilder("table ip meridian_delay {\n  chain output {\n"
                + "    type nat hook output priority -100;\n"
                + "    tcp sport " + FORWARDER_SOURCE_PORTS + " return\n");
            for (int peer = 1; peer <= hosts; peer++) {
                for (int port : ports) {
                    if (peer != host) {
                        int local = redirectPort(peer, port);
                        command.add("127.0.0.1:" + local + ">" + address(peer) + ":" + port);
                        rules.append("    ip daddr ").append(address(peer)).append(" tcp dport ").append(port)
                            .append(" redirect to :").append(local).append('\n');
                    }
                }
            }
            rules.append("  }\n}\n");
            startForwarder(inNamespace(namespace(host), command), "host " + host);
            run(inHost(host, List.of("nft", "-f", "-")), rules.toString());
        }
    }

    /**
     * A host on the internet, seen from the lab's hosts: {@code address}, which must lie outside
     * every private range (the policy's egress excludes those, and the node refuses them as
     * webhook targets), on a namespace of its own on the bridge. Each lab host routes that one
     * address onto the bridge and nothing else, and so does the root namespace, so no packet to
     * it can leave the machine. Its
     * {@code port} forwards to {@code targetPort} on {@link #GATEWAY}, where the test listens.
     */
    public void publicHost(String address, int port, int targetPort) throws IOException, InterruptedException {
        String inside = onBridge(PUBLIC_HOST, "pub", address + "/32");
        ip("-n", PUBLIC_HOST, "route", "add", "10.77.0.0/24", "dev", inside);
        // The root namespace answers the forwarder over the bridge, never by its default route.
        ip("route", "add", address + "/32", "dev", BRIDGE);
        for (int host = 1; host <= hosts; host++) {
            ip("-n", namespace(host), "route", "add", address + "/32", "dev", PREFIX + "-p" + host);
        }
        startForwarder(inNamespace(PUBLIC_HOST, forwarderCommand(List.of(address + ":" + port + ">" + GATEWAY + ":" + targetPort))),
            "the public host");
    }

    /**
     * A namespace joined to the bridge by a veth pair ({@code mrdn-v<suffix>} outside,
     * {@code mrdn-p<suffix>} inside, holding {@code addressWithPrefix}); answers the inside name.
     */
    private static String onBridge(String namespace, String suffix, String addressWithPrefix)
        throws IOException, InterruptedException {
        String outside = PREFIX + "-v" + suffix;
        String inside = PREFIX + "-p" + suffix;
        ip("netns", "add", namespace);
        ip("link", "add", outside, "type", "veth", "peer", "name", inside);
        ip("link", "set", inside, "netns", namespace);
        ip("link", "set", outside, "master", BRIDGE, "up");
        ip("-n", namespace, "addr", "add", addressWithPrefix, "dev", inside);
        ip("-n", namespace, "link", "set", inside, "up");
        ip("-n", namespace, "link", "set", "lo", "up");
        return inside;
    }

    private static List<String> forwarderCommand(List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(
            java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
            "-cp", System.getProperty("java.class.path"), TcpForwarder.class.getName()));
        command.addAll(arguments);
        return command;
    }

    /** Starts a {@link TcpForwarder} process and waits for it to say it forwards. */
    private void startForwarder(List<String> command, String where) throws IOException {
        Process forwarder = new ProcessBuilder(command).redirectErrorStream(true).start();
        forwarders.add(forwarder);
        String started = new java.io.BufferedReader(new java.io.InputStreamReader(forwarder.getInputStream(),
            java.nio.charset.StandardCharsets.UTF_8)).readLine();
        if (!"forwarding".equals(started)) {
            throw new IllegalStateException("the forwarder of " + where + " did not start: " + started);
        }
    }

    /** The local port a host's connections to {@code peer}:{@code port} are redirected to while delayed. */
    public static int redirectPort(int peer, int port) {
        return 20_000 + 1_000 * peer + port % 1_000;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        Processes.stopAll(forwarders, Duration.ofSeconds(5));
        removeLeftovers(hosts);
    }

    private static void removeLeftovers(int hosts) throws IOException, InterruptedException {
        for (int host = 1; host <= hosts; host++) {
            Processes.run(List.of("ip", "netns", "del", namespace(host)), null, Duration.ofSeconds(10));
            Processes.run(List.of("ip", "link", "del", PREFIX + "-v" + host), null, Duration.ofSeconds(10));
        }
        Processes.run(List.of("ip", "netns", "del", PUBLIC_HOST), null, Duration.ofSeconds(10));
        Processes.run(List.of("ip", "link", "del", PREFIX + "-vpub"), null, Duration.ofSeconds(10));
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
