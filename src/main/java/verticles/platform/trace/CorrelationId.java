package verticles.platform.trace;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaHeader;
import io.vertx.kafka.client.producer.KafkaProducerRecord;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The id that ties one request's log lines together, from the HTTP edge through Kafka into every
 * consumer. It is the W3C {@code traceparent}'s trace id when the caller sent one (so logs and
 * traces share an id), else the caller's {@code X-Request-Id}, else the current span's trace id
 * when tracing is on, else a new random id. It travels in the {@code X-Request-Id} response
 * header, in event-bus commands, in the {@code correlationid} CloudEvents attribute (which is
 * how it survives the outbox) and in the {@code correlation-id} Kafka header, and it is logged
 * as the key {@code correlationId}.
 */
public final class CorrelationId {

    public static final String HTTP_HEADER = "X-Request-Id";
    public static final String KAFKA_HEADER = "correlation-id";
    /** The CloudEvents extension attribute (lower-case letters and digits only, by the spec). */
    public static final String EVENT_ATTRIBUTE = "correlationid";
    /** The field in event-bus commands, and the key in log lines. */
    public static final String FIELD = "correlationId";
    /** Logged when a record arrives without one (written before correlation ids existed). */
    public static final String UNKNOWN = "-";

    private static final String CONTEXT_KEY = "meridian.correlationId";
    private static final Pattern TRACEPARENT =
        Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final String ZERO_TRACE = "0".repeat(32);
    // A caller's id is logged and echoed, so only a short, plain token is taken as it is.
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:@/+=-]{1,128}");

    private CorrelationId() {
    }

    /** The first route handler: picks the request's id, keeps it on the context and echoes it. */
    public static Handler<RoutingContext> handler() {
        return rc -> {
            String id = choose(rc.request().getHeader("traceparent"), rc.request().getHeader(HTTP_HEADER),
                currentTraceId());
            rc.put(CONTEXT_KEY, id);
            rc.response().putHeader(HTTP_HEADER, id);
            rc.next();
        };
    }

    /** The id {@link #handler()} chose for this request (a new one if it did not run). */
    public static String of(RoutingContext rc) {
        String id = rc.get(CONTEXT_KEY);
        if (id == null) {
            id = fresh();
            rc.put(CONTEXT_KEY, id);
        }
        return id;
    }

    /** The rule, without HTTP: a valid traceparent's trace id, else a plain request id, else the span's, else new. */
    public static String choose(String traceparent, String requestId, String spanTraceId) {
        if (traceparent != null) {
            var m = TRACEPARENT.matcher(traceparent.trim());
            if (m.matches() && !m.group(1).equals(ZERO_TRACE) && !traceparent.startsWith("ff")) {
                return m.group(1);
            }
        }
        if (requestId != null && REQUEST_ID.matcher(requestId).matches()) {
            return requestId;
        }
        if (spanTraceId != null && !spanTraceId.equals(ZERO_TRACE)) {
            return spanTraceId;
        }
        return fresh();
    }

    /**
     * A new W3C trace id: 32 lower-case hex digits, never all zeros. It is no secret (it names a
     * request in logs and traces, and is echoed to the caller), so a fast generator serves: a
     * SecureRandom read /dev/urandom under a lock every event loop shared, for every request.
     */
    public static String fresh() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong();
        long low = random.nextLong() | (high == 0 ? 1 : 0);
        return HexFormat.of().toHexDigits(high) + HexFormat.of().toHexDigits(low);
    }

    /** The id a consumed record carries in its header, or {@link #UNKNOWN}. */
    public static String of(KafkaConsumerRecord<?, ?> record) {
        for (KafkaHeader header : record.headers()) {
            if (KAFKA_HEADER.equals(header.key())) {
                return header.value().toString();
            }
        }
        return UNKNOWN;
    }

    /** Adds the id as the record's header; a null id adds nothing. */
    public static <K, V> KafkaProducerRecord<K, V> tag(KafkaProducerRecord<K, V> record, String id) {
        return id == null ? record : record.addHeader(KAFKA_HEADER, id);
    }

    /** The trace id of the span the current request runs in, when tracing is on; else null. */
    private static String currentTraceId() {
        SpanContext span = Span.current().getSpanContext();
        return span.isValid() ? span.getTraceId() : null;
    }
}
