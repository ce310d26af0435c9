package verticles.push;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;
import verticles.platform.events.EventJournal;
import verticles.platform.events.JournalEntry;
import verticles.platform.redis.LuaScript;

import java.util.ArrayList;
import java.util.List;

/** Reads a stream's journal (see {@link EventJournal}): its newest id, and the events after a given id. */
final class JournalReader {

    /**
     * KEYS: the stream. ARGV: the id read up to, the page size. Answers {@code {'ok', entries}}
     * with up to a page of entries after that id, or {@code {'reset'}} when events after it are
     * gone (trimmed or expired) or the id was never in this stream.
     */
    private static final LuaScript AFTER = new LuaScript("""
        local entries = redis.call('XRANGE', KEYS[1], '(' .. ARGV[1], '+', 'COUNT', ARGV[2])
        if entries[1] then
          local fields = entries[1][2]
          for i = 1, #fields, 2 do
            if fields[i] == 'p' then
              if fields[i + 1] == ARGV[1] then return {'ok', entries} end
              return {'reset'}
            end
          end
          return {'reset'}
        end
        local top = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
        if top[1] then
          if top[1][1] == ARGV[1] then return {'ok', {}} end
          return {'reset'}
        end
        if ARGV[1] == '0' then return {'ok', {}} end
        return {'reset'}""");

    /** A page of events after an id, or {@code reset} when the client must start again from a snapshot. */
    record Page(boolean reset, List<JournalEntry> entries) {
    }

    private final Redis redis;

    JournalReader(Redis redis) {
        this.redis = redis;
    }

    /** The newest event's id, or {@code "0"} when the stream has none. */
    Future<EventId> newest(String tenantId, String stream) {
        return redis.send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.XREVRANGE)
                .arg(EventJournal.key(tenantId, stream)).arg("+").arg("-").arg("COUNT").arg(1))
            .map(r -> r == null || r.size() == 0 ? EventId.BEFORE_FIRST : EventId.parse(r.get(0).get(0).toString()));
    }

    Future<Page> after(String tenantId, String stream, EventId after, int pageSize) {
        return AFTER.call(redis, List.of(EventJournal.key(tenantId, stream)), List.of(after.toString(), String.valueOf(pageSize)))
            .map(r -> {
                if ("reset".equals(r.get(0).toString())) {
                    return new Page(true, List.of());
                }
                Response raw = r.get(1);
                List<JournalEntry> entries = new ArrayList<>(raw.size());
                for (int i = 0; i < raw.size(); i++) {
                    entries.add(entry(stream, raw.get(i)));
                }
                return new Page(false, entries);
            });
    }

    private static JournalEntry entry(String stream, Response raw) {
        String id = raw.get(0).toString();
        Response fields = raw.get(1);
        String prev = null;
        String type = null;
        String subject = null;
        String data = null;
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            String value = fields.get(i + 1).toString();
            switch (fields.get(i).toString()) {
                case "p" -> prev = value;
                case "t" -> type = value;
                case "s" -> subject = value;
                case "d" -> data = value;
                default -> {
                }
            }
        }
        return new JournalEntry(stream, id, prev, type, subject, data);
    }
}
