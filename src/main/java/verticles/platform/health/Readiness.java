package verticles.platform.health;

import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * What "ready" means for a Meridian pod: it can serve. A pod is unready (503) only for what is
 * wrong with the pod itself, such as having dropped out of the cluster. PostgreSQL, Redis and
 * Kafka are shared by every pod: when one is down it is down for all of them, and taking every
 * pod out of the Service would turn a partial outage (the requests that need that store) into a
 * total one (every request). So a shared dependency down makes the pod {@code DEGRADED}: still
 * ready (200), each request answered with what the pod can do, and 503 with {@code Retry-After}
 * for what it cannot. The effect of each is given with the check, in the same words as
 * docs/operations.md.
 */
public final class Readiness {

    public enum Status { UP, DEGRADED, DOWN }

    /** What a pod can and cannot do while each shared dependency is down. */
    private static final Map<String, String> SHARED = Map.of(
        "postgres", "orders, shipments, devices, webhooks and keys cannot be created or changed (503); location "
            + "updates are still accepted into Kafka and stored once PostgreSQL is back; cached reads go on",
        "redis", "reads come from PostgreSQL; rate limits are not enforced; live streams cannot open or resume "
            + "(503) until Redis is back, then resume from Last-Event-ID",
        "kafka", "location updates are refused (503); reads, streams and order placement go on; orders are "
            + "confirmed and events delivered once Kafka is back");

    private Readiness() {
    }

    /** Whether this dependency is shared by every pod, so that its outage degrades a pod without unreadying it. */
    public static boolean isShared(String check) {
        return SHARED.containsKey(check);
    }

    /** The effect of a shared dependency's outage, as the readiness answer states it. */
    public static String effectOfLosing(String check) {
        return SHARED.getOrDefault(check, "this pod cannot serve");
    }

    /** The verdict on a set of checks, each {@code {"status": "UP" | "DOWN", …}} under its name. */
    public static Status judge(JsonObject checks) {
        Status verdict = Status.UP;
        for (String name : checks.fieldNames()) {
            if (!"UP".equals(checks.getJsonObject(name).getString("status"))) {
                if (!isShared(name)) {
                    return Status.DOWN;
                }
                verdict = Status.DEGRADED;
            }
        }
        return verdict;
    }

    /** 503 only when the pod itself cannot serve, so the load balancer keeps sending it traffic otherwise. */
    public static int httpStatus(Status status) {
        return status == Status.DOWN ? 503 : 200;
    }
}
