package verticles.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import verticles.domain.ValidationException;
import verticles.domain.webhook.NewWebhook;
import verticles.platform.http.Problem;
import verticles.webhooks.WebhookAddresses;

import java.util.Map;

/**
 * {@code /v1/webhooks}: a tenant's webhook subscriptions. The secret that signs deliveries is
 * answered once, when the webhook is created; reads show the URL and event types only.
 */
final class WebhookRoutes {

    private final Vertx vertx;

    WebhookRoutes(Vertx vertx) {
        this.vertx = vertx;
    }

    void mount(Router router) {
        router.post("/v1/webhooks").handler(this::create);
        router.get("/v1/webhooks").handler(rc -> Replies.ask(vertx, rc, WebhookAddresses.WEBHOOKS_LIST,
            new JsonObject().put("tenantId", Replies.tenant(rc))));
        router.get("/v1/webhooks/:id").handler(rc -> withId(rc, WebhookAddresses.WEBHOOKS_GET));
        router.delete("/v1/webhooks/:id").handler(this::delete);
    }

    private void create(RoutingContext rc) {
        Map<String, Object> body = RequestBodies.jsonObject(rc);
        if (body == null) {
            return;
        }
        NewWebhook webhook;
        try {
            webhook = NewWebhook.parse(body);
        } catch (ValidationException e) {
            Replies.invalid(rc, e);
            return;
        }
        Idempotency.withholdOnReplay(rc, "secret");
        Replies.create(vertx, rc, WebhookAddresses.WEBHOOKS_CREATE, new JsonObject()
            .put("tenantId", Replies.tenant(rc))
            .put("url", webhook.url().toString())
            .put("events", new JsonArray(webhook.events())), "/v1/webhooks");
    }

    /** 204 once deleted: no further deliveries are made, and pending ones are cancelled. */
    private void delete(RoutingContext rc) {
        String id = Replies.pathId(rc, "whk", "webhook");
        if (id == null) {
            return;
        }
        vertx.eventBus().request(WebhookAddresses.WEBHOOKS_DELETE, Replies.correlated(rc,
                new JsonObject().put("tenantId", Replies.tenant(rc)).put("webhookId", id)), Replies.COMMAND)
            .onSuccess(reply -> rc.response().setStatusCode(204).end())
            .onFailure(e -> Problem.fromFailure(rc, e));
    }

    private void withId(RoutingContext rc, String address) {
        String id = Replies.pathId(rc, "whk", "webhook");
        if (id != null) {
            Replies.ask(vertx, rc, address, new JsonObject().put("tenantId", Replies.tenant(rc)).put("webhookId", id));
        }
    }
}
