package verticles.api.contract;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import org.yaml.snakeyaml.Yaml;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The request half of {@code openapi/meridian.yaml}, loaded into vertx-openapi so that every
 * request is checked against the same document that {@code /openapi.yaml} serves.
 *
 * <p>vertx-openapi only models JSON, form and text bodies, while the document also describes
 * answers as problem+json, event streams and YAML, and the batch route also takes NDJSON. Those
 * parts are documentation, not something to check a request against, so the copy given to the
 * library keeps each operation's parameters and JSON request body and drops its responses and
 * non-JSON request media types. The operations that also take NDJSON are remembered here, and
 * {@link ContractCheck} reads NDJSON into the same array the JSON schema describes.
 */
public final class ApiContract {

    public static final String DOCUMENT = "openapi/meridian.yaml";
    static final String NDJSON = "application/x-ndjson";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    private final OpenAPIContract contract;
    private final JsonObject document;
    private final Set<String> ndjsonOperations;

    private ApiContract(OpenAPIContract contract, JsonObject document, Set<String> ndjsonOperations) {
        this.contract = contract;
        this.document = document;
        this.ndjsonOperations = ndjsonOperations;
    }

    public static Future<ApiContract> load(Vertx vertx) {
        return vertx.fileSystem().readFile(DOCUMENT).compose(yaml -> {
            JsonObject document = parse(yaml.toString());
            Set<String> ndjson = new TreeSet<>();
            JsonObject requestHalf = requestHalf(document, ndjson);
            return OpenAPIContract.from(vertx, requestHalf).map(contract -> new ApiContract(contract, document, ndjson));
        });
    }

    public OpenAPIContract contract() {
        return contract;
    }

    /**
     * The document as written, references and all. The library's {@link OpenAPIContract#getRawContract}
     * is its working copy: loading rewrites each reference and drops the siblings of some.
     */
    JsonObject document() {
        return document;
    }

    /** The schema of an operation's body of this media type, as written, or null when it takes none. */
    JsonObject bodySchema(String operationId, String mediaType) {
        JsonObject paths = document.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            for (String method : METHODS) {
                JsonObject operation = paths.getJsonObject(path).getJsonObject(method);
                if (operation != null && operationId.equals(operation.getString("operationId"))) {
                    JsonObject body = operation.getJsonObject("requestBody");
                    JsonObject media = body == null ? null : body.getJsonObject("content").getJsonObject(mediaType);
                    return media == null ? null : media.getJsonObject("schema");
                }
            }
        }
        return null;
    }

    /** The compiled check of an operation's body of this media type, when its schema compiles. */
    Optional<CompiledSchema> compiledBody(String operationId, String mediaType) {
        JsonObject schema = bodySchema(operationId, mediaType);
        return schema == null ? Optional.empty() : CompiledSchema.of(schema, document);
    }

    boolean takesNdjson(String operationId) {
        return ndjsonOperations.contains(operationId);
    }

    /**
     * The names of the properties whose schema the document marks {@code x-multiline: true}
     * (directly or through a {@code $ref}): text in them may span lines (see {@link StoredText}).
     */
    Set<String> multilineFields() {
        JsonObject document = contract.getRawContract();
        Set<String> names = new TreeSet<>();
        collectMultiline(document, document, names);
        return names;
    }

    private static void collectMultiline(Object node, JsonObject document, Set<String> names) {
        if (node instanceof JsonObject object) {
            JsonObject properties = object.getValue("properties") instanceof JsonObject p ? p : null;
            if (properties != null) {
                properties.forEach(e -> {
                    if (e.getValue() instanceof JsonObject schema && isMultiline(schema, document)) {
                        names.add(e.getKey());
                    }
                });
            }
            object.forEach(e -> collectMultiline(e.getValue(), document, names));
        } else if (node instanceof io.vertx.core.json.JsonArray array) {
            array.forEach(item -> collectMultiline(item, document, names));
        }
    }

    private static boolean isMultiline(JsonObject schema, JsonObject document) {
        if (schema.getBoolean("x-multiline", false)) {
            return true;
        }
        String ref = schema.getString("$ref");
        if (ref == null || !ref.startsWith("#/")) {
            return false;
        }
        Object target = document;
        for (String token : ref.substring(2).split("/")) {
            target = target instanceof JsonObject o ? o.getValue(token) : null;
        }
        return target instanceof JsonObject t && isMultiline(t, document);
    }

    @SuppressWarnings("unchecked")
    static JsonObject parse(String yaml) {
        // copy() turns the nested maps and lists into JsonObjects and JsonArrays.
        return new JsonObject((Map<String, Object>) new Yaml().load(yaml)).copy();
    }

    /** The document with each operation's responses and non-JSON request bodies taken out. */
    static JsonObject requestHalf(JsonObject document, Set<String> ndjsonOperations) {
        JsonObject copy = document.copy();
        JsonObject paths = copy.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            JsonObject item = paths.getJsonObject(path);
            for (String method : item.fieldNames()) {
                if (!METHODS.contains(method)) {
                    continue;
                }
                JsonObject operation = item.getJsonObject(method);
                String operationId = operation.getString("operationId");
                if (operationId == null) {
                    throw new IllegalStateException(method.toUpperCase() + " " + path + " has no operationId");
                }
                operation.put("responses", new JsonObject().put("default",
                    new JsonObject().put("description", "see " + DOCUMENT)));
                JsonObject body = operation.getJsonObject("requestBody");
                if (body != null && body.getJsonObject("content").remove(NDJSON) != null) {
                    ndjsonOperations.add(operationId);
                }
            }
        }
        JsonObject components = copy.getJsonObject("components");
        if (components != null) {
            components.remove("responses");
        }
        return copy;
    }
}
