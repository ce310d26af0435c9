package verticles.deploy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.testsupport.Manifests;
import verticles.testsupport.PolicyFirewall;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static verticles.testsupport.Manifests.list;
import static verticles.testsupport.Manifests.map;

/**
 * The ports Meridian's pods talk to each other on, as the {@code k8s} profile configures them
 * (Hazelcast's and the clustered event bus's), are the ports the manifests declare: on the
 * container, on the headless Service, and in the NetworkPolicy both in and out between Meridian
 * pods. On a CNI that enforces policies, a port the policy does not name is a silent timeout.
 */
@DisplayName("The ports pods talk to each other on are declared in the Deployment, the headless Service and the NetworkPolicy")
class ClusterPortsDeclaredTest {

    private static final Path ROOT = Path.of(System.getProperty("user.dir"));

    @Test
    void everyInterPodPortIsDeclaredAndAllowed() throws IOException {
        Map<String, Object> profile = yaml(ROOT.resolve("conf/meridian-k8s.yaml")).get(0);
        Map<String, Object> cluster = profile.get("cluster") == null ? Map.of() : map(profile.get("cluster"));
        Object eventBus = cluster.get("event-bus-port");
        assertTrue(eventBus instanceof Integer port && port > 0,
            "the k8s profile fixes the event bus's port (cluster.event-bus-port), so a policy can name it: " + eventBus);
        Set<Integer> interPod = new TreeSet<>(List.of((Integer) cluster.getOrDefault("port", 5701), (Integer) eventBus));

        Map<String, Object> deployment = kind(ROOT.resolve("k8s/base/deployment.yaml"), "Deployment");
        Map<String, Object> container = map(list(map(map(map(deployment.get("spec")).get("template")).get("spec"))
            .get("containers")).get(0));
        assertTrue(ports(container.get("ports"), "containerPort").containsAll(interPod), "container ports");

        Map<String, Object> headless = service(ROOT.resolve("k8s/base/service.yaml"));
        assertTrue(ports(map(headless.get("spec")).get("ports"), "port").containsAll(interPod), "headless Service ports");

        List<Map<String, Object>> policy = yaml(ROOT.resolve("k8s/base/networkpolicy.yaml"));
        assertEquals(interPod, PolicyFirewall.podToPodPorts(policy, "ingress", "from"), "ingress from Meridian pods");
        assertEquals(interPod, PolicyFirewall.podToPodPorts(policy, "egress", "to"), "egress to Meridian pods");
    }

    private static Set<Integer> ports(Object entries, String field) {
        Set<Integer> ports = new TreeSet<>();
        for (Object entry : list(entries)) {
            ports.add((Integer) map(entry).get(field));
        }
        return ports;
    }

    private static Map<String, Object> service(Path file) throws IOException {
        return yaml(file).stream().filter(d -> "Service".equals(d.get("kind")))
            .filter(d -> "None".equals(map(d.get("spec")).get("clusterIP"))).findFirst().orElseThrow();
    }

    private static Map<String, Object> kind(Path file, String kind) throws IOException {
        return yaml(file).stream().filter(d -> kind.equals(d.get("kind"))).findFirst().orElseThrow();
    }

    private static List<Map<String, Object>> yaml(Path file) throws IOException {
        return Manifests.documents(Files.readString(file));
    }
}
