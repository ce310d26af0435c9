package verticles.testsupport;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static verticles.testsupport.Manifests.list;
import static verticles.testsupport.Manifests.map;

/**
 * The firewall a Meridian pod has on a cluster whose CNI enforces NetworkPolicies, written as an
 * nftables ruleset from the manifests as {@code kubectl kustomize k8s/base} renders them.
 * Inbound: only ports both the NetworkPolicy allows and the Deployment's container declares,
 * from anywhere or only from other Meridian pods as the policy says. Outbound: what the policy's
 * egress rules allow. Everything else is dropped, so a port the code uses and the manifests do
 * not name fails the test that runs behind it. A pod's own loopback is never restricted (a
 * NetworkPolicy does not see it), including connections redirected to it after the routing
 * decision, which still carry the outside interface.
 */
public final class PolicyFirewall {

    private PolicyFirewall() {
    }

    /** The rendered base manifests, or an exception saying why they could not be rendered. */
    public static List<Map<String, Object>> renderBase(Path root) throws IOException, InterruptedException {
        Processes.Outcome rendered = Processes.run(List.of("kubectl", "kustomize", root.resolve("k8s/base").toString()),
            null, Duration.ofSeconds(60));
        if (rendered.exit() != 0) {
            throw new IllegalStateException("kubectl kustomize k8s/base failed: " + rendered.output());
        }
        return Manifests.documents(rendered.output());
    }

    /** The ruleset for a pod, given the addresses of every Meridian pod (its peers). */
    public static String ruleset(List<Map<String, Object>> manifests, List<String> podAddresses) {
        Map<String, Object> policy = map(only(manifests, "NetworkPolicy").get("spec"));
        Set<Integer> declared = containerPorts(only(manifests, "Deployment"));
        String pods = "{ " + String.join(", ", podAddresses) + " }";
        StringBuilder input = new StringBuilder();
        for (Object rule : list(policy.get("ingress"))) {
            Set<Integer> ports = ports(map(rule).get("ports"), "TCP");
            ports.retainAll(declared);
            if (!ports.isEmpty()) {
                input.append("    ").append(peers(map(rule).get("from"), "saddr", pods)).append("tcp dport ")
                    .append(set(ports)).append(" accept\n");
            }
        }
        StringBuilder output = new StringBuilder();
        for (Object rule : list(policy.get("egress"))) {
            String to = peers(map(rule).get("to"), "daddr", pods);
            for (String protocol : List.of("TCP", "UDP")) {
                Set<Integer> ports = ports(map(rule).get("ports"), protocol);
                if (!ports.isEmpty()) {
                    output.append("    ").append(to).append(protocol.toLowerCase()).append(" dport ").append(set(ports))
                        .append(" accept\n");
                }
            }
        }
        return """
            table inet meridian {
              chain input {
                type filter hook input priority 0; policy drop;
                iif lo accept
                ct state established,related accept
            %s  }
              chain output {
                type filter hook output priority 0; policy drop;
                oif lo accept
                ip daddr 127.0.0.0/8 accept
                ct state established,related accept
            %s  }
            }
            """.formatted(input, output);
    }

    /** The ports Meridian's pods may open to each other, as the policy's egress rules to its own pods name them. */
    public static Set<Integer> podToPodPorts(List<Map<String, Object>> manifests) {
        return podToPodPorts(manifests, "egress", "to");
    }

    /**
     * The TCP ports of the NetworkPolicy's {@code ingress} ({@code from}) or {@code egress}
     * ({@code to}) rules whose peers are Meridian's own pods.
     */
    public static Set<Integer> podToPodPorts(List<Map<String, Object>> manifests, String direction, String peers) {
        Set<Integer> ports = new TreeSet<>();
        for (Object rule : list(map(only(manifests, "NetworkPolicy").get("spec")).get(direction))) {
            Object peer = map(rule).get(peers);
            if (peer != null && list(peer).stream().anyMatch(p -> map(p).containsKey("podSelector"))) {
                ports.addAll(ports(map(rule).get("ports"), "TCP"));
            }
        }
        return ports;
    }

    /** The nftables match for a rule's peers: any (no peers), Meridian's pods, or an IP block less its exceptions. */
    private static String peers(Object peers, String field, String pods) {
        if (peers == null) {
            return "";
        }
        StringBuilder match = new StringBuilder();
        for (Object peer : list(peers)) {
            if (map(peer).containsKey("podSelector")) {
                match.append("ip ").append(field).append(' ').append(pods).append(' ');
            } else if (map(peer).get("ipBlock") != null) {
                Map<String, Object> block = map(map(peer).get("ipBlock"));
                match.append("ip ").append(field).append(' ').append(block.get("cidr")).append(' ');
                Object except = block.get("except");
                if (except != null) {
                    match.append("ip ").append(field).append(" != { ")
                        .append(list(except).stream().map(String::valueOf).collect(Collectors.joining(", "))).append(" } ");
                }
            } else {
                throw new IllegalArgumentException("a peer this lab cannot play: " + peer);
            }
        }
        return match.toString();
    }

    private static Set<Integer> containerPorts(Map<String, Object> deployment) {
        Set<Integer> ports = new TreeSet<>();
        Map<String, Object> pod = map(map(map(deployment.get("spec")).get("template")).get("spec"));
        for (Object container : list(pod.get("containers"))) {
            for (Object port : list(map(container).getOrDefault("ports", List.of()))) {
                ports.add((Integer) map(port).get("containerPort"));
            }
        }
        return ports;
    }

    private static Set<Integer> ports(Object entries, String protocol) {
        Set<Integer> ports = new TreeSet<>();
        for (Object entry : entries == null ? List.of() : list(entries)) {
            if (protocol.equals(map(entry).getOrDefault("protocol", "TCP"))) {
                ports.add((Integer) map(entry).get("port"));
            }
        }
        return ports;
    }

    private static String set(Set<Integer> ports) {
        return "{ " + ports.stream().map(String::valueOf).collect(Collectors.joining(", ")) + " }";
    }

    private static Map<String, Object> only(List<Map<String, Object>> manifests, String kind) {
        List<Map<String, Object>> found = manifests.stream().filter(d -> kind.equals(d.get("kind"))).toList();
        if (found.size() != 1) {
            throw new IllegalStateException("expected one " + kind + " in k8s/base, found " + found.size());
        }
        return found.get(0);
    }
}
