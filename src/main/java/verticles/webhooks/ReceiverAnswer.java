package verticles.webhooks;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClientResponse;

/**
 * A receiver's answer to a delivery, read only as far as Meridian needs it: the status, and at
 * most {@value #MAX_BODY_BYTES} bytes of body, which are discarded. A receiver that goes on
 * sending (a misbehaving one, or one that streams on purpose) has its connection reset once
 * that much has come, so no answer can grow a node's memory or hold a delivery until its timeout.
 */
final class ReceiverAnswer {

    static final int MAX_BODY_BYTES = 4 * 1024;

    private ReceiverAnswer() {
    }

    /** The answer's status code, once its body has ended or passed the bound. */
    static Future<Integer> status(HttpClientResponse response) {
        Promise<Integer> read = Promise.promise();
        int[] seen = {0};
        response.handler(chunk -> {
            seen[0] += chunk.length();
            if (seen[0] > MAX_BODY_BYTES && read.tryComplete(response.statusCode())) {
                response.handler(null);
                response.request().reset();
            }
        });
        response.endHandler(v -> read.tryComplete(response.statusCode()));
        response.exceptionHandler(read::tryFail);
        return read.future();
    }
}
