package verticles.shipments;

import io.vertx.core.json.JsonObject;
import verticles.domain.geo.GreatCircle.Point;
import verticles.domain.shipment.Eta;
import verticles.domain.shipment.EtaHistory;
import verticles.platform.events.CloudEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one batch of shipment events changes, decided without I/O: the rows for the history
 * (every fix and scan), and per shipment its newest fix (positions coalesce: only the newest
 * matters), its scans in time order (checkpoints are events of their own), the ETA on the newest
 * position with any revision of the announced one, and its arrival once the geofence says so.
 */
final class TrackingBatch {

    /** What the batch changes for one shipment. */
    static final class Latest {
        String tenantId;
        JsonObject position;
        /** The correlation id of the record that brought {@link #position}: an arrival is that record's doing. */
        String correlationId;
        final List<JsonObject> checkpoints = new ArrayList<>();
        /** Set when the courier arrived by the geofence's rules and the arrival is not recorded yet: when it entered. */
        Instant arrivingAt;
        double remainingMeters;
        /** The shipment's ETA history after this batch, when it changed (a first estimate or a revision); else null. */
        EtaHistory eta;
        /** The {@code shipment.eta-revised} event, when this batch revised the announced ETA; else null. */
        JsonObject etaRevised;
    }

    final List<JsonObject> fixes = new ArrayList<>();
    final List<JsonObject> scans = new ArrayList<>();
    final Map<String, Latest> latest = new LinkedHashMap<>();

    /**
     * Reads one event, which came with {@code correlationId}, into the batch; throws when a field it
     * needs is missing or malformed (a dead letter).
     */
    void add(JsonObject event, String correlationId) {
        JsonObject data = CloudEvent.data(event);
        String type = CloudEvent.type(event);
        if (ShipmentEvents.LOCATION_RECORDED.equals(type)) {
            requireOwner(event, data);
            Objects.requireNonNull(data.getDouble("lat"), "lat is missing");
            Objects.requireNonNull(data.getDouble("lon"), "lon is missing");
            JsonObject position = positionOf(data);
            Latest shipment = latestOf(data, event);
            fixes.add(data);
            if (shipment.position == null || isAfter(data.getString("recordedAt"), shipment.position.getString("recordedAt"))) {
                shipment.position = position;
                shipment.correlationId = correlationId;
            }
        } else if (ShipmentEvents.CHECKPOINT_RECORDED.equals(type)) {
            requireOwner(event, data);
            JsonObject scan = ShipmentView.checkpoint(Instant.parse(data.getString("at")), data.getString("type"),
                data.getString("facility"), Instant.parse(data.getString("receivedAt")));
            scans.add(data);
            latestOf(data, event).checkpoints.add(scan);
        }
    }

    boolean isEmpty() {
        return fixes.isEmpty() && scans.isEmpty();
    }

    /** The shipments whose position moves in this batch. */
    List<String> moving() {
        return latest.entrySet().stream().filter(e -> e.getValue().position != null).map(Map.Entry::getKey).toList();
    }

    /**
     * Feeds every fix to its shipment's course (recent motion, geofence), then puts an ETA on each
     * newest position whose shipment has a destination, as estimated at {@code now}, notes a
     * revision of the announced ETA and an arrival due by the geofence's rules. A position older
     * than one the course has already seen (a late fix) gets an ETA from what was announced but
     * can neither revise it nor raise an arrival. A revision waits until the estimates have called
     * for it for {@code revisionConfirm} of device time, so a stop at a light or a hub does not
     * revise the ETA there and back. Once the courier has arrived its ETA is no longer revised.
     */
    void estimate(Map<String, Course> known, Course.Rules rules, Instant now) {
        for (JsonObject fix : fixes) {
            Course course = known.get(fix.getString("shipmentId"));
            if (course != null) {
                course.observe(pointOf(fix), Instant.parse(fix.getString("recordedAt")), fix.getDouble("speed"),
                    rules.geofence());
            }
        }
        latest.forEach((id, change) -> {
            Course course = known.get(id);
            if (change.position == null || course == null || course.target.destination() == null) {
                return;
            }
            Instant recordedAt = Instant.parse(change.position.getString("recordedAt"));
            Eta eta = Eta.estimate(pointOf(change.position), recordedAt, course.speed(), course.target.destination(),
                now, rules.staleAfter());
            EtaHistory told = course.eta();
            if (!course.isLate(recordedAt)) {
                EtaHistory.Step step = told.next(eta.arrivesAt(), now, rules.revisionThreshold());
                if (!step.revised()) {
                    course.noRevisionPending();
                } else if (course.hasArrived() || !course.revisionConfirmed(recordedAt, rules.revisionConfirm())) {
                    step = new EtaHistory.Step(told, false);
                } else {
                    course.noRevisionPending();
                }
                if (step.changedFrom(told)) {
                    change.eta = step.history();
                    told = step.history();
                }
                if (step.revised()) {
                    change.etaRevised = ShipmentEvents.etaRevised(change.tenantId, id, course.target.orderId(), told,
                        eta.remainingMeters(), now);
                }
                if (course.arrivalDue() != null) {
                    change.arrivingAt = course.arrivalDue();
                    change.remainingMeters = eta.remainingMeters();
                }
            }
            change.position.put("stale", eta.stale()).put("eta", etaJson(eta, told, now));
        });
    }

    /** The ETA a position shows: the distance and speed now, and the arrival time announced (none from a stale fix). */
    static JsonObject etaJson(Eta eta, EtaHistory told, Instant now) {
        return new JsonObject()
            .put("remainingMeters", eta.remainingMeters())
            .put("speed", eta.speed())
            .put("arrivesAt", eta.stale() ? null : text(told.shown(now)))
            .put("originalArrivesAt", text(told.original()))
            .put("previousArrivesAt", text(told.previous()))
            .put("revisedAt", text(told.revisedAt()));
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }

    /** The ETA histories this batch changed, by shipment. */
    Map<String, EtaHistory> etaChanges() {
        Map<String, EtaHistory> changes = new LinkedHashMap<>();
        latest.forEach((id, change) -> {
            if (change.eta != null) {
                changes.put(id, change.eta);
            }
        });
        return changes;
    }

    /** The {@code shipment.eta-revised} events of this batch. */
    List<JsonObject> etaRevisions() {
        return latest.values().stream().map(change -> change.etaRevised).filter(Objects::nonNull).toList();
    }

    /** The cache moves of the batch, each with the live events to journal. */
    List<ShipmentCache.Move> moves(Map<String, Course> known) {
        List<ShipmentCache.Move> moves = new ArrayList<>(latest.size());
        latest.forEach((id, change) -> {
            change.checkpoints.sort(Comparator.comparing(scan -> Instant.parse(scan.getString("at"))));
            List<ShipmentCache.Scan> inOrder = change.checkpoints.stream()
                .map(scan -> new ShipmentCache.Scan(scan, event(id, "checkpoint", scan))).toList();
            String arrivingAt = change.arrivingAt == null ? null : change.arrivingAt.toString();
            // An order's arrival is journaled from its order.arriving event, with the order's version.
            boolean standalone = known.containsKey(id) && known.get(id).target.orderId() == null;
            String arrivingEvent = arrivingAt == null || !standalone ? null : new JsonObject()
                .put("shipmentId", id).put("orderId", null).put("at", arrivingAt)
                .put("remainingMeters", change.remainingMeters).encode();
            String etaEvent = change.etaRevised == null ? null : CloudEvent.data(change.etaRevised).encode();
            moves.add(new ShipmentCache.Move(id, change.tenantId, change.position, event(id, "position", change.position),
                arrivingAt, arrivingEvent, etaEvent, inOrder));
        });
        return moves;
    }

    /** When each shipment that arrives in this batch arrived. */
    Map<String, Instant> arrivals() {
        Map<String, Instant> arrivals = new HashMap<>();
        latest.forEach((id, change) -> {
            if (change.arrivingAt != null) {
                arrivals.put(id, change.arrivingAt);
            }
        });
        return arrivals;
    }

    private static void requireOwner(JsonObject event, JsonObject data) {
        Objects.requireNonNull(data.getString("shipmentId"), "shipmentId is missing");
        Objects.requireNonNull(event.getString("tenantid"), "tenantid is missing");
    }

    private Latest latestOf(JsonObject data, JsonObject event) {
        Latest shipment = latest.computeIfAbsent(data.getString("shipmentId"), id -> new Latest());
        shipment.tenantId = event.getString("tenantid");
        return shipment;
    }

    /** The JSON of a live event about one shipment: its id and the part that moved. */
    private static String event(String shipmentId, String part, JsonObject value) {
        return value == null ? null : new JsonObject().put("shipmentId", shipmentId).put(part, value).encode();
    }

    private static Point pointOf(JsonObject fix) {
        return new Point(fix.getDouble("lat"), fix.getDouble("lon"));
    }

    /** ISO instants do not sort as text (".5Z" and "Z" differ in length), so compare them as times. */
    static boolean isAfter(String isoA, String isoB) {
        return Instant.parse(isoA).isAfter(Instant.parse(isoB));
    }

    private static JsonObject positionOf(JsonObject fix) {
        return ShipmentView.position(Instant.parse(fix.getString("recordedAt")), fix.getDouble("lat"),
            fix.getDouble("lon"), fix.getDouble("speed"), fix.getDouble("heading"), fix.getDouble("accuracy"),
            fix.getString("courierId"), Instant.parse(fix.getString("receivedAt")));
    }
}
