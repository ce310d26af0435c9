package verticles.api.adversarial;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The operations of {@code openapi/meridian.yaml} as the generator needs them: method, path,
 * parameters and JSON body schema, with every {@code $ref} resolved (siblings of a {@code $ref}
 * merged in, as JSON Schema 2020-12 evaluates them).
 */
public final class ContractModel {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    /** One operation. {@code body} is null for an operation without a request body. */
    record Operation(String id, String method, String path, List<JsonObject> parameters, JsonObject body,
                     boolean bodyRequired, boolean ndjson, boolean anonymous) {
        boolean admin() {
            return path.startsWith("/v1/admin");
        }

        List<JsonObject> parameters(String in) {
            return parameters.stream().filter(p -> in.equals(p.getString("in"))).toList();
        }

        @Override
        public String toString() {
            return id + " (" + method + " " + path + ")";
        }
    }

    private final JsonObject document;
    private final List<Operation> operations = new ArrayList<>();

    private ContractModel(JsonObject document) {
        this.document = document;
        JsonObject paths = document.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            JsonObject item = paths.getJsonObject(path);
            List<JsonObject> shared = resolvedList(item.getJsonArray("parameters"));
            for (String method : item.fieldNames()) {
                if (!METHODS.contains(method)) {
                    continue;
                }
                JsonObject op = item.getJsonObject(method);
                List<JsonObject> parameters = new ArrayList<>(shared);
                parameters.addAll(resolvedList(op.getJsonArray("parameters")));
                JsonObject requestBody = op.getJsonObject("requestBody");
                JsonObject body = null;
                boolean ndjson = false;
                if (requestBody != null) {
                    JsonObject content = requestBody.getJsonObject("content");
                    body = resolve(content.getJsonObject("application/json").getJsonObject("schema"));
                    ndjson = content.containsKey("application/x-ndjson");
                }
                JsonArray security = op.getJsonArray("security");
                operations.add(new Operation(op.getString("operationId"), method.toUpperCase(), path, parameters, body,
                    requestBody != null && requestBody.getBoolean("required", false), ndjson,
                    security != null && security.isEmpty()));
            }
        }
    }

    public static ContractModel load() throws IOException {
        try (InputStream in = ContractModel.class.getClassLoader().getResourceAsStream("openapi/meridian.yaml")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> yaml = new Yaml().load(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return new ContractModel(new JsonObject(yaml).copy());
        }
    }

    List<Operation> operations() {
        return operations;
    }

    /** A schema with its {@code $ref} followed, recursively, and the siblings of the reference merged in. */
    public JsonObject resolve(JsonObject schema) {
        if (schema == null || !schema.containsKey("$ref")) {
            return schema;
        }
        JsonObject merged = resolve(pointer(schema.getString("$ref"))).copy();
        for (String key : schema.fieldNames()) {
            Object value = schema.getValue(key);
            switch (key) {
                case "$ref" -> { }
                case "properties" -> {
                    JsonObject properties = merged.getJsonObject("properties", new JsonObject()).copy();
                    ((JsonObject) value).forEach(e -> properties.put(e.getKey(), e.getValue()));
                    merged.put("properties", properties);
                }
                case "required" -> {
                    Set<Object> required = new LinkedHashSet<>(merged.getJsonArray("required", new JsonArray()).getList());
                    required.addAll(((JsonArray) value).getList());
                    merged.put("required", new JsonArray(new ArrayList<>(required)));
                }
                default -> merged.put(key, value);
            }
        }
        return merged;
    }

    /** The JSON Schema type names a schema allows (from {@code type}, else from its enum or shape); empty means any. */
    Set<String> types(JsonObject schema) {
        JsonObject s = resolve(schema);
        Set<String> types = new LinkedHashSet<>();
        Object type = s.getValue("type");
        if (type instanceof String t) {
            types.add(t);
        } else if (type instanceof JsonArray list) {
            list.forEach(t -> types.add((String) t));
        } else if (s.containsKey("enum")) {
            s.getJsonArray("enum").forEach(e -> types.add(e == null ? "null" : e instanceof String ? "string" : "number"));
        } else if (s.containsKey("properties")) {
            types.add("object");
        } else if (s.containsKey("items")) {
            types.add("array");
        }
        return types;
    }

    private JsonObject pointer(String ref) {
        if (!ref.startsWith("#/")) {
            throw new IllegalArgumentException("only local references are followed: " + ref);
        }
        Object at = document;
        for (String token : ref.substring(2).split("/")) {
            at = ((JsonObject) at).getValue(token.replace("~1", "/").replace("~0", "~"));
        }
        return (JsonObject) at;
    }

    private List<JsonObject> resolvedList(JsonArray parameters) {
        List<JsonObject> out = new ArrayList<>();
        if (parameters != null) {
            parameters.forEach(p -> out.add(resolve((JsonObject) p)));
        }
        return out;
    }
}
