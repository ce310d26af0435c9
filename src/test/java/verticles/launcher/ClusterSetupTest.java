package verticles.launcher;

import com.hazelcast.config.JoinConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.platform.config.MeridianConfig;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("The Hazelcast member's join")
class ClusterSetupTest {

    @Test
    @DisplayName("is TCP-IP to the configured members, multicast off, by default")
    void tcpIpByDefault() {
        JoinConfig join = join(Map.of("MERIDIAN_CLUSTER_MEMBERS", "10.0.0.1,10.0.0.2:5702"));
        assertTrue(join.getTcpIpConfig().isEnabled());
        assertEquals(List.of("10.0.0.1", "10.0.0.2:5702"), join.getTcpIpConfig().getMembers());
        assertFalse(join.getKubernetesConfig().isEnabled());
        assertFalse(join.getMulticastConfig().isEnabled());
    }

    @Test
    @DisplayName("is Kubernetes DNS discovery on the headless service when one is named, instead of TCP-IP")
    void kubernetesDnsWhenNamed() {
        JoinConfig join = join(Map.of(
            "MERIDIAN_CLUSTER_KUBERNETES_SERVICE_DNS", "meridian-hazelcast.prod.svc.cluster.local",
            "MERIDIAN_CLUSTER_PORT", "5701"));
        assertFalse(join.getTcpIpConfig().isEnabled());
        assertTrue(join.getKubernetesConfig().isEnabled());
        assertEquals("meridian-hazelcast.prod.svc.cluster.local", join.getKubernetesConfig().getProperty("service-dns"));
        assertEquals("5701", join.getKubernetesConfig().getProperty("service-port"));
        assertFalse(join.getMulticastConfig().isEnabled());
    }

    private static JoinConfig join(Map<String, String> environment) {
        MeridianConfig config = MeridianConfig.withOverrides(new JsonObject(), environment);
        return ClusterSetup.clusterManager(config).getConfig().getNetworkConfig().getJoin();
    }
}
