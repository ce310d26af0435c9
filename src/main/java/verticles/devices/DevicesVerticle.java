package verticles.devices;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.domain.Ids;
import verticles.platform.Clients;
import verticles.platform.CommandFailure;
import verticles.platform.config.Keys;
import verticles.platform.config.MeridianConfig;

import java.util.List;
import java.util.Optional;

/**
 * Owns the GPS devices tenants register: a device is known by the identifier it sends (unique
 * across tenants, since the OsmAnd protocol carries nothing else), and its fixes go to the one
 * shipment it is assigned to.
 */
public final class DevicesVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(DevicesVerticle.class);

    private Pool pool;
    private DeviceStore store;
    private List<MessageConsumer<JsonObject>> consumers;

    @Override
    public Future<?> start() {
        MeridianConfig config = MeridianConfig.of(config());
        pool = Clients.postgres(vertx, config.with(Keys.PG_POOL_SIZE, 4), "devices");
        store = new DeviceStore(pool);
        var bus = vertx.eventBus();
        consumers = List.of(
            bus.<JsonObject>consumer(DeviceAddresses.DEVICES_CREATE, m -> CommandFailure.replyTo(m, create(m.body()), LOG)),
            bus.<JsonObject>consumer(DeviceAddresses.DEVICES_GET, m -> CommandFailure.replyTo(m, get(m.body()), LOG)),
            bus.<JsonObject>consumer(DeviceAddresses.DEVICES_ASSIGN, m -> CommandFailure.replyTo(m, assign(m.body()), LOG)),
            bus.<JsonObject>consumer(DeviceAddresses.DEVICES_RESOLVE, m -> CommandFailure.replyTo(m, resolve(m.body()), LOG)));
        return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
    }

    @Override
    public Future<?> stop() {
        return Future.all(consumers.stream().map(MessageConsumer::unregister).toList()).eventually(pool::close);
    }

    private Future<JsonObject> create(JsonObject command) {
        String identifier = command.getString("identifier");
        return store.create(Ids.newDeviceId(), command.getString("tenantId"), identifier, command.getString("name"))
            .compose(created -> found(created, 409, "a device with identifier " + identifier + " is already registered"));
    }

    private Future<JsonObject> get(JsonObject query) {
        String id = query.getString("deviceId");
        return store.get(query.getString("tenantId"), id).compose(device -> found(device, 404, "no device " + id));
    }

    private Future<JsonObject> assign(JsonObject command) {
        String id = command.getString("deviceId");
        return store.assign(command.getString("tenantId"), id, command.getString("shipmentId"))
            .compose(device -> found(device, 404, "no device " + id));
    }

    private Future<JsonObject> resolve(JsonObject query) {
        return store.resolve(query.getString("identifier")).compose(device -> found(device, 404, "no such device"));
    }

    private static Future<JsonObject> found(Optional<JsonObject> value, int status, String otherwise) {
        return value.map(Future::succeededFuture).orElseGet(() -> CommandFailure.fail(status, otherwise));
    }
}
