package verticles.api;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The most HTTP connections a node keeps open, across all its API instances. A connection past
 * it is closed as soon as it is accepted, so a flood of clients (or a load driver that opens a
 * connection per slow request) cannot take every file handle the process has and starve Kafka,
 * PostgreSQL and Redis of theirs.
 */
final class ConnectionLimit implements Shareable {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimit.class);
    /** File handles kept for everything but client connections when the limit is automatic. */
    static final int RESERVED_HANDLES = 1_000;

    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong lastWarningNanos = new AtomicLong(System.nanoTime() - 60_000_000_000L);

    private ConnectionLimit(int max) {
        this.max = max;
    }

    /** The node's limit: {@code configured}, or with 0 the process's open-file limit less {@link #RESERVED_HANDLES}. */
    static ConnectionLimit forNode(Vertx vertx, int configured) {
        LocalMap<String, ConnectionLimit> map = vertx.sharedData().getLocalMap("meridian.http.connections");
        ConnectionLimit made = new ConnectionLimit(configured > 0 ? configured : automatic());
        ConnectionLimit existing = map.putIfAbsent("limit", made);
        return existing == null ? made : existing;
    }

    private static int automatic() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long handles = unix.getMaxFileDescriptorCount();
            return (int) Math.max(100, Math.min(Integer.MAX_VALUE, handles - RESERVED_HANDLES));
        }
        return Integer.MAX_VALUE;
    }

    /** Admits a new connection, or closes it when the node holds as many as it may. */
    void admit(HttpConnection connection) {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            long now = System.nanoTime();
            long last = lastWarningNanos.get();
            if (now - last > 10_000_000_000L && lastWarningNanos.compareAndSet(last, now)) {
                LOG.warn("refusing HTTP connections: {} are open, the most this node keeps (http.max-connections)", max);
            }
            connection.close();
            return;
        }
        connection.closeHandler(v -> open.decrementAndGet());
    }

    int max() {
        return max;
    }
}
