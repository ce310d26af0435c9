package verticles.api.contract;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a request body as JSON the strict way, so that what the contract checks is exactly what
 * the client meant: the bytes must be UTF-8 (RFC 8259; nothing is replaced, and UTF-16 or a
 * UTF-8-encoded surrogate is refused), a key may appear only once in an object (two parsers could
 * otherwise disagree on which value counts), nesting is at most {@value #MAX_DEPTH} deep, and
 * nothing may follow the value. A leading byte order mark is skipped, as RFC 8259 allows.
 *
 * <p>Numbers are read as IEEE 754 doubles, which RFC 8259 (section 6) calls interoperable, and a
 * whole one is handed on as an Integer or Long whatever its spelling: {@code 1E2} is 100, like
 * {@code 100}. So a field the contract says is an integer always reaches its handler as one.
 */
final class StrictJson {

    static final int MAX_DEPTH = 64;

    private static final JsonFactory FACTORY = JsonFactory.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
        .build();

    private StrictJson() {
    }

    /** The text of a body, or a DecodeException saying why it is not UTF-8. */
    static String utf8(Buffer body) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(body.getBytes())).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new DecodeException("the body is not UTF-8");
        }
    }

    /** One JSON value (a JsonObject, JsonArray, String, Number, Boolean, or null for JSON null). */
    static Object value(String text) {
        JsonParser parser;
        try {
            parser = FACTORY.createParser(text);
        } catch (IOException e) {
            throw new DecodeException("the body is not valid JSON");
        }
        try {
            return wholeNumbers(JacksonCodec.fromParser(parser, Object.class));
        } catch (DecodeException e) {
            throw new DecodeException(reason(e));
        } finally {
            try {
                parser.close();
            } catch (IOException ignored) {
                // Reading from a String: nothing to release.
            }
        }
    }

    /** The value with each whole double (within a long's range) as an Integer or Long. */
    private static Object wholeNumbers(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 0x1p63) {
            long whole = d.longValue();
            if (whole == (int) whole) {
                return (int) whole;
            }
            return whole;
        }
        if (value instanceof JsonObject object) {
            object.getMap().replaceAll((key, v) -> wholeNumbers(v));
        } else if (value instanceof JsonArray array) {
            array.getList().replaceAll(StrictJson::wholeNumbers);
        } else if (value instanceof java.util.Map<?, ?> map) {
            // Below the top level the codec leaves plain maps and lists inside the wrappers.
            @SuppressWarnings("unchecked")
            java.util.Map<Object, Object> entries = (java.util.Map<Object, Object>) map;
            entries.replaceAll((key, v) -> wholeNumbers(v));
        } else if (value instanceof java.util.List<?> list) {
            @SuppressWarnings("unchecked")
            java.util.List<Object> items = (java.util.List<Object>) list;
            items.replaceAll(StrictJson::wholeNumbers);
        }
        return value;
    }

    /** Jackson's reason in the API's words, without its source excerpt. */
    private static String reason(DecodeException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("Duplicate field")) {
            int start = message.indexOf('\'');
            int end = message.indexOf('\'', start + 1);
            return "the body names the field " + (start >= 0 && end > start ? message.substring(start, end + 1) : "")
                + " twice; send each field once";
        }
        if (message.contains("nesting depth")) {
            return "the body is nested more than " + MAX_DEPTH + " levels deep";
        }
        return "the body is not valid JSON";
    }
}
