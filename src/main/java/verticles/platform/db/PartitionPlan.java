package verticles.platform.db;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the upkeep of one time-partitioned table must do now: the partitions to create, so that
 * every slot from the retention's edge to {@code ahead} from now has one, and the partitions to
 * drop, whose every row is older than the retention. Slots are {@code size} long and start at
 * whole multiples of it since the epoch (a day's partition is a UTC day). A slot that existing
 * partitions cover in part (made before, with other bounds) gets a partition for each gap left.
 * A plain rule, so it is tested without a database.
 */
public record PartitionPlan(List<Range> create, List<Range> drop) {

    /** A partition's bounds: from (inclusive; null for MINVALUE) to (exclusive). */
    public record Range(Instant from, Instant to) {

        boolean overlaps(Instant start, Instant end) {
            return (from == null || from.isBefore(end)) && to.isAfter(start);
        }
    }

    public static PartitionPlan of(List<Range> existing, Instant now, Duration retention, Duration size, Duration ahead) {
        Instant edge = now.minus(retention);
        List<Range> drop = existing.stream().filter(r -> !r.to().isAfter(edge)).toList();
        List<Range> kept = existing.stream().filter(r -> r.to().isAfter(edge)).toList();
        List<Range> create = new ArrayList<>();
        Instant end = now.plus(ahead);
        List<Range> byStart = kept.stream()
            .sorted(java.util.Comparator.comparing(r -> r.from() == null ? Instant.MIN : r.from())).toList();
        for (Instant slot = floor(edge, size); slot.isBefore(end); slot = slot.plus(size)) {
            Instant slotEnd = slot.plus(size);
            // The slot less what existing partitions cover: each gap left becomes a partition.
            Instant cursor = slot;
            for (Range r : byStart) {
                if (r.overlaps(cursor, slotEnd)) {
                    if (r.from() != null && r.from().isAfter(cursor)) {
                        create.add(new Range(cursor, r.from()));
                    }
                    if (r.to().isAfter(cursor)) {
                        cursor = r.to();
                    }
                }
            }
            if (cursor.isBefore(slotEnd)) {
                create.add(new Range(cursor, slotEnd));
            }
        }
        return new PartitionPlan(List.copyOf(create), List.copyOf(drop));
    }

    /** The start of the slot {@code at} falls in. */
    static Instant floor(Instant at, Duration size) {
        long sizeMillis = size.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), sizeMillis) * sizeMillis);
    }
}
