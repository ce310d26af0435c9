package verticles.cluster;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import verticles.testsupport.Api;
import verticles.testsupport.RealInfrastructure;
import verticles.testsupport.RealInfrastructure.Infrastructure;
import verticles.testsupport.TestNodes;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

@ExtendWith(RealInfrastructure.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Two clustered nodes (Hazelcast on loopback)")
class ClusterIT {

    private TestNodes.RunningNode edge;
    private TestNodes.RunningNode core;

    @BeforeAll
    void startTwoNodes(Infrastructure infra) throws Exception {
        java.util.List<Map<String, String>> cluster = TestNodes.clusterOf(2);
        // The edge node serves HTTP only; the core node owns the orders. Every order request
        // therefore crosses the clustered event bus.
        Map<String, String> edgeOnly = cluster.get(0);
        edgeOnly.putAll(Map.of("MERIDIAN_VERTICLES_ORDERS_INSTANCES", "0", "MERIDIAN_VERTICLES_OUTBOX_RELAY_INSTANCES", "0",
            "MERIDIAN_VERTICLES_NOTIFY_INSTANCES", "0"));
        Map<String, String> coreOnly = cluster.get(1);
        coreOnly.put("MERIDIAN_VERTICLES_API_INSTANCES", "0");
        core = TestNodes.start(infra, coreOnly);
        edge = TestNodes.start(infra, edgeOnly);
    }

    @AfterAll
    void stopNodes() throws Exception {
        edge.close();
        core.close();
    }

    @Test
    @DisplayName("deliver an event published on one node to a consumer on the other")
    void eventCrossesNodes() throws Exception {
        CompletableFuture<JsonObject> received = new CompletableFuture<>();
        core.node().vertx().eventBus().<JsonObject>consumer("it.cluster.ping", m -> received.complete(m.body()))
            .completion().await(10, TimeUnit.SECONDS);
        // Subscriptions travel through Hazelcast; publish until the other side has heard of it.
        long timer = edge.node().vertx().setPeriodic(50, t ->
            edge.node().vertx().eventBus().publish("it.cluster.ping", new JsonObject().put("from", "edge")));
        try {
            assertEquals("edge", received.get(20, TimeUnit.SECONDS).getString("from"));
        } finally {
            edge.node().vertx().cancelTimer(timer);
        }
    }

    @Test
    @DisplayName("serve an order on a node that does not own orders, through the other node")
    void ordersCrossNodes() {
        Api demo = edge.api("demo-key");
        Api.Response created = demo.createOrder();
        assertEquals(201, created.status(), created.toString());
        String id = created.json().getString("id");
        core.settleAsTheSaga("demo", id, "CONFIRMED");
        assertEquals(200, demo.put("/v1/orders/" + id + "/status", "{\"status\": \"PREPARING\"}").status());
        assertEquals("PREPARING", demo.get("/v1/orders/" + id).json().getString("status"));
    }

    @Test
    @DisplayName("each report a joined cluster of two members")
    void reportTwoMembers() {
        Api.Response ready = edge.api(null).get("/health/ready");
        assertEquals(200, ready.status(), ready.toString());
        JsonObject cluster = ready.json().getJsonObject("checks").getJsonObject("cluster");
        assertEquals("clustered", cluster.getString("mode"));
        assertEquals(2, cluster.getInteger("members"));
    }
}
