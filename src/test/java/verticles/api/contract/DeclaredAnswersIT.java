package verticles.api.contract;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import verticles.testsupport.Api;
import verticles.testsupport.OneNodeIT;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every {@code /v1} operation's real answers against what the contract declares for it. Each
 * operation is called the way the contract documents it (its request body's own example), without
 * credentials, with a body no schema allows, with an id that names nothing, and as a tenant over
 * its rate, and each answer must be declared: its status among the operation's responses, each
 * header that response declares as required present, and every rate-limit or retry header it
 * carries declared.
 */
@DisplayName("The contract's declared answers")
class DeclaredAnswersIT extends OneNodeIT {

    /** Headers an answer may only carry where the contract says so. */
    private static final Set<String> DECLARED_ONLY = Set.of("ratelimit-limit", "ratelimit-remaining", "ratelimit-reset",
        "retry-after");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
        .version(HttpClient.Version.HTTP_1_1).build();
    private static final String UNKNOWN_ORDER = "ord_00000000000000000000000000";
    private static final String UNKNOWN_SHIPMENT = "shp_00000000000000000000000000";

    private Map<String, Object> document;

    @Override
    protected Map<String, String> nodeOverrides() {
        return WITH_SAGA;
    }

    private record Answer(String call, String method, String path, int status, Map<String, List<String>> headers) {
    }

    @Test
    @DisplayName("are each declared: status, required headers, and rate-limit and retry headers")
    @SuppressWarnings("unchecked")
    void everyAnswerIsDeclared() throws Exception {
        document = new Yaml().load(HTTP.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/openapi.yaml"))
            .timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString()).body());
        Map<String, String> ids = ids();
        String slowKey = slowTenantKey();

        List<Answer> answers = new ArrayList<>();
        List<String> missingExamples = new ArrayList<>();
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");
        int operations = 0;
        for (Map.Entry<String, Map<String, Object>> path : paths.entrySet()) {
            if (!path.getKey().startsWith("/v1/")) {
                continue;
            }
            for (String method : List.of("get", "post", "put", "delete")) {
                Map<String, Object> operation = (Map<String, Object>) path.getValue().get(method);
                if (operation == null) {
                    continue;
                }
                operations++;
                boolean admin = path.getKey().startsWith("/v1/admin/");
                String key = admin ? "admin-key" : "demo-key";
                String concrete = fill(path.getKey(), ids, false);
                String body = example(operation);
                if (operation.get("requestBody") != null && body == null) {
                    missingExamples.add((String) operation.get("operationId"));
                }
                if (body != null) {
                    body = body.replaceAll("shp_[0-9a-z]{26}", ids.get("shipment")).replaceAll("ord_[0-9a-z]{26}", ids.get("order"));
                }
                answers.add(call("as documented", method, path.getKey(), concrete, key, body));
                answers.add(call("without credentials", method, path.getKey(), concrete, null, body));
                if (body != null) {
                    answers.add(call("with a body no schema allows", method, path.getKey(), concrete, key,
                        body.startsWith("[") ? "[{\"notAField\": true}]" : "{\"notAField\": true}"));
                }
                if (path.getKey().contains("{id}") && !admin) {
                    answers.add(call("naming nothing", method, path.getKey(), fill(path.getKey(), ids, true), key, body));
                }
                if (!admin) {
                    answers.add(overTheRate(method, path.getKey(), concrete, slowKey, body));
                }
            }
        }
        assertTrue(operations >= 29, "read " + operations + " /v1 operations");

        assertTrue(answers.size() > 3 * operations, answers.size() + " answers");
        List<Answer> notRefused = answers.stream()
            .filter(a -> a.call().equals("without credentials") && a.status() != 401).toList();
        assertEquals(List.of(), notRefused, "every /v1 operation refuses a request without credentials");
        List<String> undeclared = new ArrayList<>();
        for (Answer answer : answers) {
            undeclared.addAll(check(answer));
        }
        assertEquals(List.of(), undeclared, "answers the contract does not declare");
        assertEquals(List.of(), missingExamples, "operations whose request body has no example to call them with");
    }

    /** The ids the documented calls name: things of the demo tenant that exist. */
    private Map<String, String> ids() throws Exception {
        assertEquals(200, demo.put("/v1/inventory/DECL-1", "{\"available\": 100}").status());
        Map<String, String> ids = new LinkedHashMap<>();
        // Admin calls act on a tenant of their own: the documented rate-limit call must not slow
        // down the demo tenant, which later test classes share through the database.
        ids.put("tenant", new Api(node.baseUrl(), "admin-key")
            .post("/v1/admin/tenants", "{\"name\": \"Declared answers, admin target\"}").json().getString("id"));
        ids.put("order", demo.createOrder("DECL-1", 1).json().getString("id"));
        ids.put("shipment", demo.createShipment());
        ids.put("webhook", demo.post("/v1/webhooks",
            "{\"url\": \"http://127.0.0.1:9/hook\", \"events\": [\"order.placed\"]}").json().getString("id"));
        return ids;
    }

    /** A tenant whose key may make one request a second, so its second request in a row is over its rate. */
    private String slowTenantKey() {
        Api admin = new Api(node.baseUrl(), "admin-key");
        JsonObject tenant = admin.post("/v1/admin/tenants", "{\"name\": \"Declared answers\"}").json();
        String id = tenant.getString("id");
        assertEquals(200, admin.put("/v1/admin/tenants/" + id + "/rate-limit", "{\"perSecond\": 1, \"burst\": 1}").status());
        return tenant.getString("apiKey");
    }

    private String fill(String template, Map<String, String> ids, boolean unknown) {
        String id = template.startsWith("/v1/orders") ? (unknown ? UNKNOWN_ORDER : ids.get("order"))
            : template.startsWith("/v1/shipments") ? (unknown ? UNKNOWN_SHIPMENT : ids.get("shipment"))
            : template.startsWith("/v1/webhooks") ? (unknown ? "whk_00000000000000000000000000" : ids.get("webhook"))
            : template.startsWith("/v1/admin/dead-letters") ? "999999999"
            : ids.get("tenant");
        return template.replace("{id}", id).replace("{sku}", "DECL-1").replace("{prefix}", "mk_unknown");
    }

    @SuppressWarnings("unchecked")
    private static String example(Map<String, Object> operation) {
        Map<String, Object> body = (Map<String, Object>) operation.get("requestBody");
        if (body == null) {
            return null;
        }
        Map<String, Object> json = (Map<String, Object>) ((Map<String, Object>) body.get("content")).get("application/json");
        Object example = json.get("example");
        if (example == null) {
            return null;
        }
        return example instanceof List<?> list ? new io.vertx.core.json.JsonArray(list).encode()
            : new JsonObject((Map<String, Object>) example).encode();
    }

    private Answer overTheRate(String method, String template, String path, String key, String body) throws Exception {
        Answer last = null;
        for (int i = 0; i < 20; i++) {
            last = call("over the rate", method, template, path, key, body);
            if (last.status() == 429) {
                return last;
            }
        }
        throw new AssertionError(method + " " + template + " was never answered 429 over a rate of 1/s: " + last);
    }

    private Answer call(String what, String method, String template, String path, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.baseUrl() + path))
            .timeout(Duration.ofSeconds(15))
            .method(method.toUpperCase(Locale.ROOT), body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        // Only the status and headers are read: a stream answers with them and then stays open.
        HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        response.body().close();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
        return new Answer(what, method, template, response.statusCode(), headers);
    }

    @SuppressWarnings("unchecked")
    private List<String> check(Answer answer) {
        String at = answer.method().toUpperCase(Locale.ROOT) + " " + answer.path() + " " + answer.call() + " answered "
            + answer.status();
        Map<String, Object> operation = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
            document.get("paths")).get(answer.path())).get(answer.method());
        Map<String, Object> responses = (Map<String, Object>) operation.get("responses");
        Map<String, Object> declared = (Map<String, Object>) responses.get(String.valueOf(answer.status()));
        if (declared == null) {
            return List.of(at + ", which it does not declare (declared: " + responses.keySet() + ")");
        }
        declared = resolve(declared);
        Map<String, Object> headers = declared.get("headers") == null ? Map.of() : (Map<String, Object>) declared.get("headers");
        Set<String> declaredNames = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Object> header : headers.entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            declaredNames.add(name);
            Map<String, Object> spec = resolve((Map<String, Object>) header.getValue());
            if (Boolean.TRUE.equals(spec.get("required")) && !answer.headers().containsKey(name)) {
                problems.add(at + " without its required header " + header.getKey());
            }
        }
        for (String sent : answer.headers().keySet()) {
            if (DECLARED_ONLY.contains(sent.toLowerCase(Locale.ROOT)) && !declaredNames.contains(sent.toLowerCase(Locale.ROOT))) {
                problems.add(at + " with header " + sent + ", which that response does not declare");
            }
        }
        return problems;
    }

    /** Follows a {@code $ref} to its component. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> resolve(Map<String, Object> node) {
        Object ref = node.get("$ref");
        if (ref == null) {
            return node;
        }
        Object target = document;
        for (String part : ((String) ref).substring(2).split("/")) {
            target = ((Map<String, Object>) target).get(part);
        }
        return resolve((Map<String, Object>) target);
    }
}
