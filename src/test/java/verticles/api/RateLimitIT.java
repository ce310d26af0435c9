package verticles.api;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import verticles.testsupport.Api;
import verticles.testsupport.Eventually;
import verticles.testsupport.RealInfrastructure;
import verticles.testsupport.RealInfrastructure.Infrastructure;
import verticles.testsupport.TestNodes;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rate limits per API key, kept in Redis, so two nodes draw on one bucket. */
@ExtendWith(RealInfrastructure.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Rate limits")
class RateLimitIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private TestNodes.RunningNode a;
    private TestNodes.RunningNode b;

    @BeforeAll
    void startTwoNodes(Infrastructure infra) throws Exception {
        Map<String, String> limited = Map.of("MERIDIAN_RATELIMIT_PER_SECOND", "2", "MERIDIAN_RATELIMIT_BURST", "4",
            "MERIDIAN_VERTICLES_TRACKING_INSTANCES", "0", "MERIDIAN_VERTICLES_ORDER_JOURNAL_INSTANCES", "0");
        a = TestNodes.start(infra, limited);
        b = TestNodes.start(infra, limited);
    }

    @AfterAll
    void stopNodes() throws Exception {
        b.close();
        a.close();
    }

    private record Tenant(String id, String key) {
    }

    /** A tenant of its own, so no other test spends from its bucket. */
    private Tenant freshTenant(String name) {
        Api.Response created = a.api("admin-key").post("/v1/admin/tenants", "{\"name\": \"" + name + "\"}");
        assertEquals(201, created.status(), created.toString());
        return new Tenant(created.json().getString("id"), created.json().getString("apiKey"));
    }

    private static HttpResponse<String> list(TestNodes.RunningNode node, String key) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/v1/orders"))
            .header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @DisplayName("let a key make its burst across both nodes, then answer 429 with Retry-After until it refills")
    void oneBucketAcrossNodes() throws Exception {
        String key = freshTenant("Bursty").key();
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> ok = list(i % 2 == 0 ? a : b, key);
            assertEquals(200, ok.statusCode(), ok.body());
            assertEquals("4", ok.headers().firstValue("RateLimit-Limit").orElseThrow());
            assertEquals(String.valueOf(3 - i), ok.headers().firstValue("RateLimit-Remaining").orElseThrow());
        }
        HttpResponse<String> refused = list(b, key);
        assertEquals(429, refused.statusCode(), "the fifth, on either node");
        assertTrue(refused.headers().firstValue("Content-Type").orElseThrow().startsWith("application/problem+json"));
        assertEquals("1", refused.headers().firstValue("Retry-After").orElseThrow());
        assertEquals("0", refused.headers().firstValue("RateLimit-Remaining").orElseThrow());
        assertTrue(Integer.parseInt(refused.headers().firstValue("RateLimit-Reset").orElseThrow()) >= 1);
        assertEquals(200, list(a, freshTenant("Calm").key()).statusCode(), "another key has a bucket of its own");

        Thread.sleep(1_100);
        assertEquals(200, list(a, key).statusCode(), "two tokens a second come back");
    }

    @Test
    @DisplayName("never let concurrent requests on two nodes take more than the bucket holds")
    void concurrentRequestsShareOneBucket() throws Exception {
        Tenant tenant = freshTenant("Concurrent");
        Api.Response set = a.api("admin-key").put("/v1/admin/tenants/" + tenant.id() + "/rate-limit",
            "{\"perSecond\": 1, \"burst\": 10}");
        assertEquals(200, set.status());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(32);
        try {
            java.util.List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 100; i++) {
                TestNodes.RunningNode node = i % 2 == 0 ? a : b;
                answers.add(pool.submit(() -> list(node, tenant.key()).statusCode()));
            }
            int ok = 0;
            for (java.util.concurrent.Future<Integer> answer : answers) {
                int status = answer.get();
                assertTrue(status == 200 || status == 429, "status " + status);
                ok += status == 200 ? 1 : 0;
            }
            // Ten in the bucket, and at most a token or two refilled while the requests ran.
            assertTrue(ok >= 10 && ok <= 12, ok + " of 100 passed");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("apply a tenant's own limit at once when the admin sets it, and the default again when cleared")
    void perTenantLimit() throws Exception {
        Tenant shipper = freshTenant("Big Shipper");
        String key = shipper.key();
        String id = shipper.id();
        Api admin = a.api("admin-key");
        Api.Response set = admin.put("/v1/admin/tenants/" + id + "/rate-limit", "{\"perSecond\": 1000, \"burst\": 50}");
        assertEquals(200, set.status(), set.toString());
        Eventually.await(Duration.ofSeconds(5), () -> limitOf(key), limit -> limit.equals("50"));
        for (int i = 0; i < 20; i++) {
            assertEquals(200, list(a, key).statusCode(), "request " + i + " within the tenant's own limit");
        }
        assertEquals(400, admin.put("/v1/admin/tenants/" + id + "/rate-limit", "{\"perSecond\": 0, \"burst\": 5}").status());
        assertEquals(400, admin.put("/v1/admin/tenants/" + id + "/rate-limit", "{\"perSecond\": 5}").status());
        assertEquals(404, admin.put("/v1/admin/tenants/ten_nobody/rate-limit", "{\"perSecond\": 5, \"burst\": 5}")
            .status());
        assertEquals(200, admin.put("/v1/admin/tenants/" + id + "/rate-limit", "{}").status());
        Eventually.await(Duration.ofSeconds(5), () -> limitOf(key), limit -> limit.equals("4"));
    }

    /** The RateLimit-Limit node A answers the key with. */
    private String limitOf(String key) {
        try {
            return list(a, key).headers().firstValue("RateLimit-Limit").orElse("");
        } catch (Exception e) {
            return e.toString();
        }
    }
}
