package verticles.api;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import verticles.testsupport.Api;
import verticles.testsupport.OneNodeIT;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("The API contract")
class OpenApiIT extends OneNodeIT {

    /** A route in the API table of docs/api.md: {@code | `POST /v1/orders` |}, query strings left out. */
    private static final Pattern API_TABLE_ROUTE = Pattern.compile("`(GET|POST|PUT|DELETE) (/[^`?]*)[^`]*`");

    @Test
    @DisplayName("is served at /openapi.yaml without a key, as OpenAPI 3.1, and documents every route docs/api.md lists")
    @SuppressWarnings("unchecked")
    void documentsEveryRoute() throws Exception {
        Api anonymous = new Api(node.baseUrl(), null);
        Api.Response served = anonymous.get("/openapi.yaml");
        assertEquals(200, served.status());
        assertTrue(served.contentType().startsWith("application/yaml"), served.contentType());
        Map<String, Object> document = new Yaml().load(served.body());
        assertEquals("3.1.0", document.get("openapi"));
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");

        List<String> missing = new ArrayList<>();
        int routes = 0;
        String apiDoc = Files.readString(Path.of("docs", "api.md"));
        String table = apiDoc.substring(apiDoc.indexOf("## HTTP API (v1)"), apiDoc.indexOf("## Orders, the saga"));
        for (String line : table.split("\n")) {
            if (!line.startsWith("| `")) {
                continue;
            }
            Matcher m = API_TABLE_ROUTE.matcher(line.substring(0, line.indexOf(" | ", 2)));
            while (m.find()) {
                routes++;
                Map<String, Object> operations = paths.get(m.group(2));
                if (operations == null || !operations.containsKey(m.group(1).toLowerCase(Locale.ROOT))) {
                    missing.add(m.group(1) + " " + m.group(2));
                }
            }
        }
        assertTrue(routes >= 30, "read " + routes + " routes from docs/api.md");
        assertEquals(List.of(), missing, "routes in docs/api.md but not in openapi.yaml");
    }

    @Test
    @DisplayName("is rendered at /docs by a renderer the node serves itself")
    void rendersDocs() {
        Api anonymous = new Api(node.baseUrl(), null);
        Api.Response page = anonymous.get("/docs/");
        assertEquals(200, page.status());
        assertTrue(page.body().contains("spec-url=\"/openapi.yaml\""), page.body());
        Api.Response script = anonymous.get("/docs/redoc.standalone.js");
        assertEquals(200, script.status());
        assertTrue(script.body().length() > 100_000);
    }
}
