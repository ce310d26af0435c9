package verticles.platform.db;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

import java.util.function.Function;

/**
 * One page of a keyset-paged list, as every list route answers it: {@code {items, nextCursor}}.
 * The query asks for one row more than the page holds; when that row comes, the page is not the
 * last, and the cursor for the next is the id of the page's last item (as text).
 */
public final class KeysetPage {

    private KeysetPage() {
    }

    /** The page of {@code limit} items from rows read with {@code LIMIT limit + 1}. */
    public static JsonObject of(RowSet<Row> rows, int limit, Function<Row, JsonObject> item) {
        JsonArray items = new JsonArray();
        String nextCursor = null;
        for (Row row : rows) {
            if (items.size() == limit) {
                nextCursor = String.valueOf(items.getJsonObject(limit - 1).getValue("id"));
                break;
            }
            items.add(item.apply(row));
        }
        return new JsonObject().put("items", items).put("nextCursor", nextCursor);
    }
}
