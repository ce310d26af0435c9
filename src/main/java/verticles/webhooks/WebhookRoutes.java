package verticles.webhooks;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import verticles.domain.webhook.NewWebhook;
import verticles.platform.http.Problem;
import verticles.platform.http.Operations;
import verticles.platform.http.Replies;
import verticles.platform.http.RequestBodies;

/**
 * {@code /v1/webhooks}: a tenant's webhook subscriptions. The secret that signs deliveries is
 * answered once, when the webhook is created; reads show the URL and event types only.
 */
public final class WebhookRoutes {

    private final Vertx vertx;

    public WebhookRoutes(Vertx vertx) {
        this.vertx = vertx;
    }

    public void mount(Operations operations) {
        operations.serve("createWebhook", this::create);
        operations.serve("listWebhooks", rc -> Replies.ask(vertx, rc, WebhookAddresses.WEBHOOKS_LIST,
            new JsonObject().put("tenantId", Replies.tenant(rc))));
        operations.serve("getWebhook", Replies.withPathId("whk", "webhook", this::read));
        operations.serve("deleteWebhook", Replies.withPathId("whk", "webhook", this::delete));
    }

    private void create(RoutingContext rc) {
        Replies.whenValid(rc, NewWebhook.read(RequestBodies.jsonObject(rc)), webhook -> {
            Replies.withholdOnReplay(rc, "secret");
            Replies.create(vertx, rc, WebhookAddresses.WEBHOOKS_CREATE, new JsonObject()
                .put("tenantId", Replies.tenant(rc))
                .put("url", webhook.url().toString())
                .put("events", new JsonArray(webhook.events())), "/v1/webhooks");
        });
    }

    /** 204 once deleted: no further deliveries are made, and pending ones are cancelled. */
    private void delete(RoutingContext rc, String id) {
        vertx.eventBus().request(WebhookAddresses.WEBHOOKS_DELETE, Replies.correlated(rc,
                new JsonObject().put("tenantId", Replies.tenant(rc)).put("webhookId", id)), Replies.COMMAND)
            .onSuccess(reply -> rc.response().setStatusCode(204).end())
            .onFailure(e -> Problem.fromFailure(rc, e));
    }

    private void read(RoutingContext rc, String id) {
        Replies.ask(vertx, rc, WebhookAddresses.WEBHOOKS_GET, new JsonObject().put("tenantId", Replies.tenant(rc))
            .put("webhookId", id));
    }
}
