package verticles.push;

import io.vertx.core.Vertx;
import verticles.platform.http.Caller;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Open streams by what opened them, so that none outlives its credential: a stream opened with
 * an API key ends when the key is revoked (on every node, from the revocation's event-bus
 * message), and one opened with a stream token ends when the token expires. Either way the
 * client sees its stream end; asking again with the dead credential is 401, and a client with a
 * new one resumes where it was. Streams close from more than one context, hence the lock.
 */
final class StreamCredentials {

    private final Vertx vertx;
    private final Map<String, Set<EventStream>> byKey = new HashMap<>();
    private final Map<EventStream, Long> expiryTimers = new HashMap<>();
    private final Map<EventStream, String> keys = new HashMap<>();

    StreamCredentials(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Remembers what opened {@code stream}; a token's stream gets a timer that ends it at the expiry. */
    synchronized void track(EventStream stream, Caller.Credential credential) {
        if (credential == null) {
            return;
        }
        if (credential.keyHash() != null) {
            byKey.computeIfAbsent(credential.keyHash(), k -> new LinkedHashSet<>()).add(stream);
            keys.put(stream, credential.keyHash());
        }
        if (credential.expiresAt() != null) {
            long delay = Math.max(1, Duration.between(Instant.now(), credential.expiresAt()).toMillis());
            expiryTimers.put(stream, vertx.setTimer(delay, t -> {
                expiryTimers.remove(stream);
                stream.end();
            }));
        }
    }

    /** Forgets a stream that ended, whatever ended it. */
    synchronized void forget(EventStream stream) {
        Long timer = expiryTimers.remove(stream);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
        String key = keys.remove(stream);
        if (key != null) {
            Set<EventStream> streams = byKey.get(key);
            if (streams != null && streams.remove(stream) && streams.isEmpty()) {
                byKey.remove(key);
            }
        }
    }

    /** Ends every stream opened with the key whose hash this is. */
    synchronized void endStreamsOf(String keyHash) {
        Set<EventStream> streams = byKey.remove(keyHash);
        if (streams != null) {
            for (EventStream stream : Set.copyOf(streams)) {
                stream.end();
            }
        }
    }
}
