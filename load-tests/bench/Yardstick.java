import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Response;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The yardstick of load-tests/bench.sh: the limit of Meridian's own stack on this machine. The
 * same Vert.x HTTP server, Kafka producer settings (acks=all, idempotent, lz4, linger 2 ms) and
 * Redis client as Meridian, answering Meridian's own paths so one wrk script drives both, and
 * doing nothing else: no key check, no contract check, no consumer.
 *
 *   POST /v1/shipments/{id}/locations  the body to Kafka, keyed by id; 202 after the ack
 *   POST /v1/locations                 each item of the JSON array to Kafka, keyed by its
 *                                      shipmentId; 202 after every ack
 *   GET  /v1/shipments/{id}            HGETALL of the shipment's hash, as a JSON object
 *
 * java -cp <Meridian's classpath> Yardstick.java PORT KAFKA REDIS_URL IDS_FILE INSTANCES
 * prints "yardstick ready" once the hashes of the ids are in Redis and the server listens.
 */
public class Yardstick extends VerticleBase {

    private static final String TOPIC = "yardstick";

    private KafkaProducer<String, String> producer;
    private RedisAPI redis;

    static String kafka;
    static String redisUrl;
    static int port;

    @Override
    public Future<?> start() {
        producer = KafkaProducer.create(vertx, Map.of(
            "bootstrap.servers", kafka,
            "acks", "all",
            "enable.idempotence", "true",
            "linger.ms", "2",
            "compression.type", "lz4",
            "key.serializer", "org.apache.kafka.common.serialization.StringSerializer",
            "value.serializer", "org.apache.kafka.common.serialization.StringSerializer"));
        redis = redisOf(vertx);
        return vertx.createHttpServer().requestHandler(this::handle).listen(port);
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        if (request.method().name().equals("POST") && path.equals("/v1/locations")) {
            request.body().compose(body -> {
                JsonArray items = body.toJsonArray();
                List<Future<?>> sends = new ArrayList<>(items.size());
                for (int i = 0; i < items.size(); i++) {
                    JsonObject item = items.getJsonObject(i);
                    sends.add(producer.send(KafkaProducerRecord.create(TOPIC, item.getString("shipmentId"), item.encode())));
                }
                return Future.all(sends).map(items.size());
            }).onComplete(done -> answer(request, done.succeeded() ? 202 : 503,
                done.succeeded() ? "{\"accepted\":" + done.result() + "}" : "{}"));
        } else if (request.method().name().equals("POST") && path.startsWith("/v1/shipments/") && path.endsWith("/locations")) {
            String id = path.substring("/v1/shipments/".length(), path.length() - "/locations".length());
            request.body().compose(body -> producer.send(KafkaProducerRecord.create(TOPIC, id, body.toString())))
                .onComplete(done -> answer(request, done.succeeded() ? 202 : 503, "{\"accepted\":1}"));
        } else if (path.startsWith("/v1/shipments/")) {
            redis.hgetall("yardstick:" + path.substring("/v1/shipments/".length())).onComplete(done -> {
                if (done.failed()) {
                    answer(request, 503, "{}");
                    return;
                }
                JsonObject shipment = new JsonObject();
                Response fields = done.result();
                for (String field : fields.getKeys()) {
                    shipment.put(field, fields.get(field).toString());
                }
                answer(request, shipment.isEmpty() ? 404 : 200, shipment.encode());
            });
        } else {
            answer(request, 404, "{}");
        }
    }

    private static void answer(HttpServerRequest request, int status, String json) {
        request.response().setStatusCode(status).putHeader("content-type", "application/json").end(json);
    }

    private static RedisAPI redisOf(Vertx vertx) {
        return RedisAPI.api(Redis.createClient(vertx, new RedisOptions().setConnectionString(redisUrl)
            .setMaxPoolSize(16).setMaxPoolWaiting(8192).setMaxWaitingHandlers(8192)));
    }

    public static void main(String[] args) throws Exception {
        port = Integer.parseInt(args[0]);
        kafka = args[1];
        redisUrl = args[2];
        List<String> ids = Files.readAllLines(Path.of(args[3])).stream().filter(line -> !line.isBlank()).toList();
        int instances = Integer.parseInt(args[4]);
        Vertx vertx = Vertx.vertx();
        RedisAPI seed = redisOf(vertx);
        // The fields a Meridian position read answers with, so both read bodies are alike in size.
        List<Future<?>> seeded = new ArrayList<>();
        for (String id : ids) {
            seeded.add(seed.hset(List.of("yardstick:" + id, "id", id, "status", "IN_TRANSIT", "lat", "52.51234",
                "lon", "13.40567", "recordedAt", "2026-12-06T12:00:00.000Z", "receivedAt", "2026-12-06T12:00:00.120Z",
                "speed", "11.5", "heading", "270")));
        }
        Future.all(seeded)
            .compose(done -> vertx.deployVerticle(Yardstick::new, new DeploymentOptions().setInstances(instances)))
            .onSuccess(deployed -> System.out.println("yardstick ready on " + port + " with " + ids.size() + " shipments"))
            .onFailure(e -> {
                e.printStackTrace();
                System.exit(1);
            });
    }
}
