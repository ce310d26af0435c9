package verticles.platform.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.testsupport.RealInfrastructure.Infrastructure;
import verticles.testsupport.RedisClusterProcesses;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link RedisBehaviour} against a Redis Cluster of three primaries started on loopback from the
 * machine's {@code redis-server}; skipped with the reason where it is not installed
 * ({@code .ci/run} installs it).
 */
@DisplayName("Against a Redis Cluster of three primaries")
class RedisClusterIT extends RedisBehaviour {

    private RedisClusterProcesses cluster;

    @Override
    protected Infrastructure withRedisUnderTest(Infrastructure shared) throws Exception {
        String missing = RedisClusterProcesses.unavailableBecause();
        Assumptions.assumeTrue(missing == null, missing);
        Path dir = Files.createTempDirectory("meridian-redis-cluster");
        cluster = RedisClusterProcesses.start(dir, 3);
        Map<String, String> endpoints = new HashMap<>(shared.endpoints());
        endpoints.put("MERIDIAN_REDIS_URL", cluster.seeds());
        endpoints.put("MERIDIAN_REDIS_CLUSTER", "true");
        return new Infrastructure(endpoints);
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @DisplayName("the slots Meridian computes are the cluster's own, for 500 generated keys")
    void slotsAgreeWithTheCluster() {
        Random random = new Random(42);
        String alphabet = "abcXYZ019:{}_-é";
        int port = cluster.ports().get(0);
        for (int i = 0; i < 500; i++) {
            StringBuilder key = new StringBuilder();
            int length = 1 + random.nextInt(24);
            for (int c = 0; c < length; c++) {
                key.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String answer = RedisClusterProcesses.cli(port, "CLUSTER", "KEYSLOT", key.toString());
            assertEquals(String.valueOf(HashSlots.slot(key.toString())), answer, "slot of " + key);
        }
    }

    @Test
    @DisplayName("the two tenants' keys live on different primaries, so a pipeline really spans nodes")
    void tenantsSpreadOverPrimaries() {
        Set<String> owners = new HashSet<>();
        for (String tenant : new String[] {"demo", "acme"}) {
            int slot = HashSlots.slot(HashSlots.tag(tenant));
            String owner = null;
            for (int port : cluster.ports()) {
                String count = RedisClusterProcesses.cli(port, "CLUSTER", "COUNTKEYSINSLOT", String.valueOf(slot));
                String myself = RedisClusterProcesses.cli(port, "CLUSTER", "MYID");
                String nodes = RedisClusterProcesses.cli(port, "CLUSTER", "NODES");
                if (ownsSlot(nodes, myself, slot)) {
                    owner = port + " (" + count + " keys)";
                }
            }
            assertTrue(owner != null, "someone owns " + tenant + "'s slot " + slot);
            owners.add(owner.substring(0, owner.indexOf(' ')));
        }
        assertEquals(2, owners.size(), "demo and acme hash to different primaries: " + owners);
    }

    private static boolean ownsSlot(String nodes, String myId, int slot) {
        for (String line : nodes.split("\n")) {
            String[] fields = line.trim().split(" ");
            if (fields.length > 8 && fields[0].equals(myId)) {
                for (int i = 8; i < fields.length; i++) {
                    String[] range = fields[i].split("-");
                    int from = Integer.parseInt(range[0]);
                    int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
                    if (slot >= from && slot <= to) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
