package verticles.api.contract;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.domain.Violation;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

@DisplayName("The stored-text rule")
class StoredTextTest {

    @Test
    @DisplayName("refuses every C0 control character, anywhere in the text, and only layout characters where lines belong")
    void everyControlCharacter() {
        for (char c = 0; c < 0x20; c++) {
            for (String text : List.of(String.valueOf(c), "a" + c, c + "a", "ab" + c + "cd")) {
                assertNotNull(StoredText.fault(text, false), "U+" + (int) c + " in " + text.length() + " characters");
                boolean layout = c == '\t' || c == '\n' || c == '\r';
                assertEquals(layout, StoredText.fault(text, true) == null, "multiline U+" + (int) c);
            }
        }
    }

    @Test
    @DisplayName("refuses a lone or misordered surrogate and takes every paired one")
    void surrogates() {
        for (String bad : List.of("\uD800", "\uDFFF", "a\uD83D", "\uDC00\uD800", "\uD83D\uD83D", "x\uDE9Ay")) {
            assertNotNull(StoredText.fault(bad, true), bad.codePoints().boxed().toList().toString());
        }
        for (int cp = 0x10000; cp <= 0x10FFFF; cp += 0x1111) {
            assertNull(StoredText.fault("a" + Character.toString(cp) + "b", false), Integer.toHexString(cp));
        }
    }

    @Test
    @DisplayName("takes ordinary text of every script, DEL and noncharacters included")
    void ordinaryText() {
        for (String ok : List.of("", " ", "Zoë 東京 🚚", "' OR 1=1 --", "\u007F", "\uFFFF", "\uFEFFa", "\u202Eabc")) {
            assertNull(StoredText.fault(ok, false), ok);
        }
    }

    @Test
    @DisplayName("walks every string of a JSON value, keys included, and names each by its path")
    void walksJson() {
        JsonObject body = new JsonObject()
            .put("customer", new JsonObject().put("name", "A\u0000da"))
            .put("items", new JsonArray().add(new JsonObject().put("sku", "ok")).add(new JsonObject().put("sku", "\uD800")))
            .put("destination", new JsonObject().put("address", "1 Main St\nSpringfield").put("note\u0001", 1))
            .put("origin", new JsonObject().put("address", "bad\u0000"));
        List<Violation> out = new ArrayList<>();
        StoredText.check(body, "", Set.of("address"), out);
        assertEquals(List.of("customer.name", "items[1].sku", "destination.note\u0001", "origin.address"),
            out.stream().map(Violation::field).toList());
    }
}
