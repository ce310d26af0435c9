package verticles.api.contract;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Strict JSON bodies")
class StrictJsonTest {

    @Test
    @DisplayName("refuses bytes that are not UTF-8 instead of replacing them")
    void onlyUtf8() {
        for (String hex : List.of("ff", "c080", "eda080", "f4908080", "e282", "fe")) {
            Buffer body = Buffer.buffer("{\"a\":\"x").appendBytes(HexFormat.of().parseHex(hex)).appendString("\"}");
            assertThrows(DecodeException.class, () -> StrictJson.utf8(body), hex);
        }
        assertThrows(DecodeException.class, () -> StrictJson.value(StrictJson.utf8(
            Buffer.buffer("{\"a\":1}".getBytes(StandardCharsets.UTF_16)))));
        assertEquals("{\"a\":\"é\"}", StrictJson.utf8(Buffer.buffer("\uFEFF{\"a\":\"é\"}")));
    }

    @Test
    @DisplayName("refuses a key named twice, deep nesting and anything after the value")
    void strictShape() {
        DecodeException twice = assertThrows(DecodeException.class, () -> StrictJson.value("{\"a\":1,\"b\":{\"c\":1,\"c\":2}}"));
        assertTrue(twice.getMessage().contains("'c'"), twice.getMessage());
        String deep = "[".repeat(StrictJson.MAX_DEPTH + 1) + "]".repeat(StrictJson.MAX_DEPTH + 1);
        assertTrue(assertThrows(DecodeException.class, () -> StrictJson.value(deep)).getMessage().contains("nested"));
        for (String trailing : List.of("{} x", "{}{}", "[1] 2", "{}\u0000")) {
            assertThrows(DecodeException.class, () -> StrictJson.value(trailing), trailing);
        }
    }

    @Test
    @DisplayName("reads objects, arrays and scalars as the contract check expects them")
    void values() {
        assertEquals(new JsonObject().put("a", new JsonArray().add(1)), StrictJson.value("{\"a\":[1]}"));
        assertEquals(new JsonArray().add("x"), StrictJson.value(" [\"x\"] "));
        assertEquals(42, StrictJson.value("42"));
        assertEquals(null, StrictJson.value("null"));
        String nested = "[".repeat(StrictJson.MAX_DEPTH) + "]".repeat(StrictJson.MAX_DEPTH);
        assertTrue(StrictJson.value(nested) instanceof JsonArray);
    }

    @Test
    @DisplayName("hands on a whole number as an Integer or Long however it is spelled, and a fraction as a Double")
    void wholeNumbers() {
        JsonObject read = (JsonObject) StrictJson.value("{\"a\": 1E2, \"b\": -0.0, \"c\": 0.1e1, \"d\": 1.0000000000000000000000001, "
            + "\"e\": 5000000000.0, \"f\": 1.5, \"g\": 1e308, \"h\": [2.0, {\"i\": 3e0}], \"j\": 7}");
        assertEquals(100, read.getValue("a"));
        assertEquals(0, read.getValue("b"));
        assertEquals(1, read.getValue("c"));
        assertEquals(1, read.getValue("d"));
        assertEquals(5_000_000_000L, read.getValue("e"));
        assertEquals(1.5, read.getValue("f"));
        assertEquals(1e308, read.getValue("g"));
        assertEquals(2, read.getJsonArray("h").getValue(0));
        assertEquals(3, read.getJsonArray("h").getJsonObject(1).getValue("i"));
        assertEquals(7, read.getValue("j"));
        assertEquals(4, StrictJson.value("4.0"));
    }
}
