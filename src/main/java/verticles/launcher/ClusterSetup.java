package verticles.launcher;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.vertx.core.Vertx;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import verticles.platform.cluster.ReadAsks;
import verticles.platform.config.Keys;
import verticles.platform.config.MeridianConfig;

/**
 * The Hazelcast member behind the clustered event bus. It starts from vertx-hazelcast's own
 * configuration (which holds the maps Vert.x needs) and sets the network from Meridian's keys:
 * TCP-IP join to the configured members, or Kubernetes DNS discovery on a headless service;
 * multicast off, and no join waits, so a node joins in seconds rather than the default
 * half-minute.
 */
final class ClusterSetup {

    private ClusterSetup() {
    }

    static HazelcastClusterManager clusterManager(MeridianConfig config) {
        Config hazelcast = ConfigUtil.loadConfig();
        hazelcast.setClusterName(config.get(Keys.CLUSTER_NAME));
        hazelcast.setProperty("hazelcast.logging.type", "slf4j");
        hazelcast.setProperty("hazelcast.phone.home.enabled", "false");
        hazelcast.setProperty("hazelcast.wait.seconds.before.join", "0");
        hazelcast.setProperty("hazelcast.max.wait.seconds.before.join", "0");
        // A member that vanished (SIGKILL, a lost pod) is declared dead after 10 s rather than
        // Hazelcast's default 60 s, so the survivors stop waiting on its share of the cluster maps.
        hazelcast.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        hazelcast.setProperty("hazelcast.max.no.heartbeat.seconds", "10");
        // After a network split the sides look for each other every 10 s, not first after 300 s and
        // then every 120 s: a pod cut off for a minute rejoins within seconds of its link coming back
        // (ClusterFaultsIT). The smaller side merges into the larger; docs/reliability.md says what
        // that means for the event bus.
        hazelcast.setProperty("hazelcast.merge.first.run.delay.seconds", "10");
        hazelcast.setProperty("hazelcast.merge.next.run.delay.seconds", "10");
        // Meridian leaves the cluster itself during a graceful shutdown, after draining.
        hazelcast.setProperty("hazelcast.shutdownhook.enabled", "false");
        String host = config.get(Keys.CLUSTER_HOST);
        hazelcast.setProperty("hazelcast.local.localAddress", host);

        var network = hazelcast.getNetworkConfig();
        network.setPort(config.get(Keys.CLUSTER_PORT)).setPortAutoIncrement(true);
        network.getInterfaces().setEnabled(true).addInterface(host);
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        String serviceDns = config.get(Keys.CLUSTER_KUBERNETES_SERVICE_DNS);
        if (serviceDns.isBlank()) {
            join.getTcpIpConfig().setEnabled(true).setMembers(config.get(Keys.CLUSTER_MEMBERS));
        } else {
            // Hazelcast's Kubernetes discovery in DNS lookup mode: the headless service resolves
            // to every pod's IP, ready or not, and needs no API access (no RBAC role).
            join.getTcpIpConfig().setEnabled(false);
            join.getKubernetesConfig().setEnabled(true)
                .setProperty("service-dns", serviceDns)
                .setProperty("service-port", String.valueOf(config.get(Keys.CLUSTER_PORT)));
        }
        return new HazelcastClusterManager(hazelcast);
    }

    /**
     * Tells this node's reads when a member leaves: requests on their way to it are lost, and
     * {@link ReadAsks} asks the reads among them again.
     */
    static void announceDepartures(HazelcastClusterManager manager, Vertx vertx) {
        manager.getHazelcastInstance().getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                // a newcomer loses nothing
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                ReadAsks.announceDeparture(vertx, event.getMember().getUuid().toString());
            }
        });
    }
}
