package verticles.shipments;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.producer.KafkaProducer;
import verticles.platform.Clients;
import verticles.platform.CommandFailure;
import verticles.platform.config.MeridianConfig;
import verticles.platform.kafka.EventRecords;

import java.util.ArrayList;
import java.util.List;

/**
 * Hands accepted updates to Kafka and reports success only when Kafka has them (acks=all,
 * idempotent producer), keyed by shipment id so one shipment's events keep their order. The
 * number of records waiting for Kafka is bounded: past the bound a request is refused with 503
 * at once rather than queued, so a slow broker never turns into an out-of-memory.
 */
final class IngestProducer {

    private final KafkaProducer<String, String> producer;
    private final int maxInFlight;
    private int inFlight;

    IngestProducer(Vertx vertx, MeridianConfig config) {
        this.producer = KafkaProducer.create(vertx, Clients.kafkaProducer(config, "meridian-ingest"));
        this.maxInFlight = config.get(ShipmentKeys.INGEST_MAX_IN_FLIGHT);
    }

    /**
     * Completes when Kafka acknowledged every event; fails with 503 when Kafka did not in time.
     * Each record carries the request's correlation id as a header.
     */
    Future<Void> send(List<JsonObject> cloudEvents, String correlationId) {
        if (inFlight + cloudEvents.size() > maxInFlight) {
            return CommandFailure.fail(503, "too many updates waiting for Kafka; retry shortly");
        }
        inFlight += cloudEvents.size();
        List<Future<?>> acks = new ArrayList<>(cloudEvents.size());
        for (JsonObject event : cloudEvents) {
            acks.add(producer.send(EventRecords.structured(ShipmentTopics.SHIPMENTS, event.getString("subject"),
                event.encode(), correlationId)));
        }
        return Future.join(acks)
            .eventually(() -> {
                inFlight -= cloudEvents.size();
                return Future.succeededFuture();
            })
            .transform(ar -> ar.succeeded() ? Future.<Void>succeededFuture()
                : CommandFailure.<Void>fail(503, "Kafka did not acknowledge the updates in time; nothing was accepted "
                    + "that was not acknowledged; retry shortly"));
    }

    Future<Void> close() {
        return producer.close();
    }
}
