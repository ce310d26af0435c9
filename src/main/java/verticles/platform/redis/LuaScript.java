package verticles.platform.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A Lua script that Redis runs by its SHA-1, so each call sends 40 bytes rather than the script.
 * When a server does not know the script (first use, a restart, a failover, or a cluster node
 * that has not run it yet) the calls are sent once more with the script itself ({@code EVAL}),
 * which also teaches that server the script; scripts used this way must be safe to run twice.
 *
 * <p>Every key a call touches must be in one hash slot (the keys' {@link HashSlots#tag}), and a
 * pipeline is sent as one batch per slot: a Redis Cluster runs a batch on a single node. Against
 * a single Redis the batches simply go out side by side.
 */
public final class LuaScript {

    private final String source;
    private final String sha;

    public LuaScript(String source) {
        this.source = source;
        this.sha = sha1(source);
    }

    /**
     * Runs the script once for each item, pipelined, and answers in the items' order.
     *
     * @param firstKey the first key an item's call passes, which names its slot
     * @param args     adds an item's keys and arguments to its request
     */
    public <T> Future<List<Response>> pipeline(Redis client, List<T> items, int numKeys, Function<T, String> firstKey,
                                               BiConsumer<Request, T> args) {
        if (items.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        Map<Integer, List<Integer>> bySlot = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            bySlot.computeIfAbsent(HashSlots.slot(firstKey.apply(items.get(i))), s -> new ArrayList<>()).add(i);
        }
        Response[] answers = new Response[items.size()];
        List<Future<?>> batches = new ArrayList<>(bySlot.size());
        for (List<Integer> indexes : bySlot.values()) {
            List<T> slotItems = indexes.stream().map(items::get).toList();
            batches.add(sendKnown(client, slotItems, numKeys, args).onSuccess(responses -> {
                for (int i = 0; i < indexes.size(); i++) {
                    answers[indexes.get(i)] = responses.get(i);
                }
            }));
        }
        return Future.all(batches).map(done -> Arrays.asList(answers));
    }

    /** Runs the script once with the given keys and arguments. */
    public Future<Response> call(Redis client, List<String> keys, List<String> args) {
        return pipeline(client, List.of(0), keys.size(), ignored -> keys.get(0), (request, ignored) -> {
            keys.forEach(request::arg);
            args.forEach(request::arg);
        }).map(responses -> responses.get(0));
    }

    private <T> Future<List<Response>> sendKnown(Redis client, List<T> items, int numKeys, BiConsumer<Request, T> args) {
        return send(client, Command.EVALSHA, sha, items, numKeys, args)
            .recover(e -> String.valueOf(e.getMessage()).contains("NOSCRIPT")
                ? send(client, Command.EVAL, source, items, numKeys, args)
                : Future.failedFuture(e));
    }

    private static <T> Future<List<Response>> send(Redis client, Command command, String script, List<T> items,
                                                  int numKeys, BiConsumer<Request, T> args) {
        List<Request> requests = new ArrayList<>(items.size());
        for (T item : items) {
            Request request = Request.cmd(command).arg(script).arg(numKeys);
            args.accept(request, item);
            requests.add(request);
        }
        return client.batch(requests);
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }
}
