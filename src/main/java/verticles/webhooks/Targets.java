package verticles.webhooks;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import verticles.domain.webhook.TargetPolicy;
import verticles.platform.CommandFailure;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Optional;

/**
 * Where a webhook may send: a host is resolved off the event loop and every address it has is
 * checked against the {@link TargetPolicy}, when the webhook is created and again at every
 * delivery, which then connects to the address checked (so DNS cannot be re-pointed in between).
 */
final class Targets {

    private final Vertx vertx;
    private final TargetPolicy policy;

    Targets(Vertx vertx, TargetPolicy policy) {
        this.vertx = vertx;
        this.policy = policy;
    }

    /** The host's first address, or a 422 failure when it does not resolve or the policy refuses any address. */
    Future<InetAddress> resolve(String host) {
        return vertx.executeBlocking(() -> Arrays.asList(InetAddress.getAllByName(host)))
            .recover(e -> CommandFailure.fail(422, "the webhook host " + host + " does not resolve"))
            .compose(addresses -> {
                Optional<String> refusal = policy.refusal(addresses);
                return refusal.isPresent()
                    ? CommandFailure.<InetAddress>fail(422, "webhooks may not target " + host + ": " + refusal.get())
                    : Future.succeededFuture(addresses.get(0));
            });
    }
}
