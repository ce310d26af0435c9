package verticles.api.contract;

import verticles.domain.Violation;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one rule for text Meridian accepts: every string must be storable in PostgreSQL and
 * showable in a browser exactly as it was sent. So a C0 control character (U+0000 to U+001F) or
 * a lone surrogate is refused, never stripped or rewritten. Tab, line feed and carriage return
 * are allowed only in fields the contract marks {@code x-multiline} (a postal address may span
 * lines); anywhere else they are refused too.
 *
 * <p>{@link ContractCheck} applies it to every string of every body (object keys included, and
 * each NDJSON line), every query and path parameter, and the headers Meridian stores or echoes.
 */
public final class StoredText {

    private StoredText() {
    }

    /** Why {@code text} cannot be accepted, or null when it can; {@code multiline} allows tab, LF and CR. */
    public static String fault(String text, boolean multiline) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20) {
                if (multiline && (c == '\t' || c == '\n' || c == '\r')) {
                    continue;
                }
                return String.format("holds the control character U+%04X at position %d, which is not accepted", (int) c, i);
            }
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
                if (!paired) {
                    return String.format("holds a lone surrogate U+%04X at position %d, which is not text", (int) c, i);
                }
                i++;
            }
        }
        return null;
    }

    /**
     * Adds a violation for each string in a decoded JSON value (maps, lists and the vertx-json
     * wrappers alike) that breaks the rule, named by its path. A string under a property in
     * {@code multilineFields} may hold layout characters.
     */
    public static void check(Object value, String path, Set<String> multilineFields, List<Violation> out) {
        check(value, path, false, multilineFields, out);
    }

    private static void check(Object value, String path, boolean multiline, Set<String> multilineFields,
                              List<Violation> out) {
        if (value instanceof String text) {
            String fault = fault(text, multiline);
            if (fault != null) {
                out.add(new Violation(path, fault));
            }
        } else if (value instanceof io.vertx.core.json.JsonObject object) {
            check(object.getMap(), path, multiline, multilineFields, out);
        } else if (value instanceof io.vertx.core.json.JsonArray array) {
            check(array.getList(), path, multiline, multilineFields, out);
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                String at = path.isEmpty() ? key : path + "." + key;
                String keyFault = fault(key, false);
                if (keyFault != null) {
                    out.add(new Violation(at, "is a field name that " + keyFault.substring(0, 1).toLowerCase() + keyFault.substring(1)));
                }
                check(e.getValue(), at, multilineFields.contains(key), multilineFields, out);
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                check(list.get(i), path + "[" + i + "]", multiline, multilineFields, out);
            }
        }
    }
}
