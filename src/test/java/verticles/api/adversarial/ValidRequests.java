package verticles.api.adversarial;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Map;

/**
 * A request the contract accepts for each operation, made from the operation's own schemas: every
 * property present (optional ones too, so that each is exercised), each value the simplest one
 * its schema takes. Ids that must name something real come from the {@link Fixtures}. A pattern
 * the generator does not know fails loudly, so that a new one is taught here rather than skipped.
 */
final class ValidRequests {

    private final ContractModel contract;
    private final Fixtures fixtures;
    private final Map<String, String> byPattern;

    ValidRequests(ContractModel contract, Fixtures fixtures) {
        this.contract = contract;
        this.fixtures = fixtures;
        this.byPattern = Map.of(
            "\\S", "x",
            "^shp_[0-9a-hjkmnp-tv-z]{26}$", fixtures.shipmentId(),
            "^ord_[0-9a-hjkmnp-tv-z]{26}$", fixtures.orderId(),
            "^[A-Za-z0-9._-]{1,64}$", "BOOK-1",
            "^whk_", fixtures.webhookId(),
            "^[1-9][0-9]{0,5}[mhd]$", "90d",
            "^#[0-9a-fA-F]{6}$", "#0f766e",
            "^\\S(.*\\S)?$", "Acme Deliveries",
            "^lnk_[0-9a-hjkmnp-tv-z]{26}$", "lnk_01m81t94ht5n1swdp370p9hyf9",
            "^dev_[0-9a-hjkmnp-tv-z]{26}$", "dev_01m81t94ht5n1swdp370p9hyf9");
    }

    /** A value valid under {@code schema}, for a field called {@code name} (null at the root). */
    Object value(JsonObject schema, String name) {
        JsonObject s = contract.resolve(schema);
        if (s.containsKey("enum")) {
            return s.getJsonArray("enum").getValue(0);
        }
        String type = contract.types(s).stream().filter(t -> !"null".equals(t)).findFirst().orElse("string");
        return switch (type) {
            case "object" -> object(s);
            case "array" -> array(s);
            case "integer" -> s.containsKey("minimum") ? s.getNumber("minimum").longValue() : 1L;
            case "number" -> s.containsKey("minimum") ? s.getNumber("minimum").doubleValue() : 1.0;
            case "boolean" -> true;
            default -> string(s, name);
        };
    }

    /** The value of a path or query parameter, as it goes into the URL. */
    String parameter(JsonObject parameter) {
        String name = parameter.getString("name");
        JsonObject schema = contract.resolve(parameter.getJsonObject("schema"));
        if ("prefix".equals(name)) {
            return fixtures.spareKeyPrefix();
        }
        if ("id".equals(name) && !schema.containsKey("pattern")) {
            return "integer".equals(schema.getString("type")) ? String.valueOf(fixtures.deadLetterId()) : fixtures.tenantId();
        }
        return String.valueOf(value(schema, name));
    }

    private JsonObject object(JsonObject schema) {
        JsonObject out = new JsonObject();
        JsonObject properties = schema.getJsonObject("properties", new JsonObject());
        for (String property : properties.fieldNames()) {
            out.put(property, value(properties.getJsonObject(property), property));
        }
        return out;
    }

    private JsonArray array(JsonObject schema) {
        JsonArray out = new JsonArray();
        int count = Math.max(1, schema.getInteger("minItems", 1));
        for (int i = 0; i < count; i++) {
            out.add(value(schema.getJsonObject("items"), null));
        }
        return out;
    }

    private String string(JsonObject schema, String name) {
        String format = schema.getString("format");
        if ("date-time".equals(format)) {
            return Instant.now().toString();
        }
        if ("email".equals(format)) {
            return "ada@example.com";
        }
        if ("uri".equals(format)) {
            return fixtures.webhookUrl();
        }
        String pattern = schema.getString("pattern");
        if (pattern == null) {
            return "x";
        }
        if ("sku".equals(name)) {
            return "BOOK-1";
        }
        String value = byPattern.get(pattern);
        if (value == null) {
            throw new IllegalStateException("the generator knows no valid value for the pattern " + pattern
                + " (field " + name + "); teach it one in ValidRequests");
        }
        return value;
    }
}
