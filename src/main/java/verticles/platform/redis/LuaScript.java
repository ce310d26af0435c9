package verticles.platform.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * A Lua script that Redis runs by its SHA-1, so each call sends 40 bytes rather than the script.
 * When Redis does not know the script (first use, or after a restart or failover) it is loaded
 * and the calls are sent once more; scripts used this way must be safe to run twice.
 */
public final class LuaScript {

    private final String source;
    private volatile String sha;

    public LuaScript(String source) {
        this.source = source;
    }

    /** Runs the script once for each item, all in one pipeline; {@code args} adds an item's keys and arguments. */
    public <T> Future<List<Response>> pipeline(Redis client, List<T> items, int numKeys, BiConsumer<Request, T> args) {
        if (items.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        String known = sha;
        Future<List<Response>> attempt = known == null
            ? Future.failedFuture("NOSCRIPT not loaded yet")
            : send(client, known, items, numKeys, args);
        return attempt.recover(e -> String.valueOf(e.getMessage()).contains("NOSCRIPT")
            ? client.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(source)).compose(loaded -> {
                sha = loaded.toString();
                return send(client, sha, items, numKeys, args);
            })
            : Future.failedFuture(e));
    }

    /** Runs the script once with the given keys and arguments. */
    public Future<Response> call(Redis client, List<String> keys, List<String> args) {
        return pipeline(client, List.of(0), keys.size(), (request, ignored) -> {
            keys.forEach(request::arg);
            args.forEach(request::arg);
        }).map(responses -> responses.get(0));
    }

    private static <T> Future<List<Response>> send(Redis client, String sha, List<T> items, int numKeys,
                                                  BiConsumer<Request, T> args) {
        List<Request> requests = new ArrayList<>(items.size());
        for (T item : items) {
            Request request = Request.cmd(Command.EVALSHA).arg(sha).arg(numKeys);
            args.accept(request, item);
            requests.add(request);
        }
        return client.batch(requests);
    }
}
