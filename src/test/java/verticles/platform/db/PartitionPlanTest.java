package verticles.platform.db;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import verticles.platform.db.PartitionPlan.Range;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("A partition plan")
class PartitionPlanTest {

    private static final Duration DAY = Duration.ofDays(1);
    private static final Instant NOW = Instant.parse("2026-12-05T13:45:00Z");

    @Test
    @DisplayName("makes a UTC day's partition for every day from the retention's edge to the days ahead")
    void fromScratch() {
        PartitionPlan plan = PartitionPlan.of(List.of(), NOW, Duration.ofDays(2), DAY, DAY);
        assertEquals(List.of(
            day("2026-12-03"), day("2026-12-04"), day("2026-12-05"), day("2026-12-06")), plan.create());
        assertEquals(List.of(), plan.drop());
    }

    @Test
    @DisplayName("drops only partitions whose every row is past the retention, and makes only what is missing")
    void dropsExpiredAndFillsGaps() {
        Range legacy = new Range(Instant.parse("2026-09-01T08:00:00Z"), Instant.parse("2026-12-04T00:00:00Z"));
        Range old = day("2026-08-30");
        Range today = day("2026-12-05");
        PartitionPlan plan = PartitionPlan.of(List.of(old, legacy, today), NOW, Duration.ofDays(90), DAY, DAY);
        assertEquals(List.of(old), plan.drop());
        assertEquals(List.of(day("2026-12-04"), day("2026-12-06")), plan.create());
    }

    @Test
    @DisplayName("makes the rest of a slot an odd-bounded partition covers in part")
    void clipsAroundOddBounds() {
        Range odd = new Range(Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2026-12-05T06:00:00Z"));
        PartitionPlan plan = PartitionPlan.of(List.of(odd), NOW, Duration.ofDays(1), DAY, Duration.ZERO);
        assertEquals(List.of(new Range(Instant.parse("2026-12-05T06:00:00Z"), Instant.parse("2026-12-06T00:00:00Z"))),
            plan.create());
    }

    @Test
    @DisplayName("whatever there was, the result covers the retention's edge to the look-ahead without overlap, and drops only expired partitions")
    void coversWithoutOverlap() {
        java.util.Random random = new java.util.Random(20261205);
        for (int i = 0; i < 3_000; i++) {
            coversWithoutOverlap(1 + random.nextInt(240), 1 + random.nextInt(5000), random.nextInt(601),
                random.nextInt(6001) - 3000, 1 + random.nextInt(3000));
        }
    }

    private static void coversWithoutOverlap(int sizeMinutes, int retentionMinutes, int aheadMinutes, int existingFromMinutes,
                                             int existingLengthMinutes) {
        Duration size = Duration.ofMinutes(sizeMinutes);
        Range existing = new Range(NOW.plus(Duration.ofMinutes(existingFromMinutes)),
            NOW.plus(Duration.ofMinutes(existingFromMinutes + existingLengthMinutes)));
        PartitionPlan plan = PartitionPlan.of(List.of(existing), NOW, Duration.ofMinutes(retentionMinutes), size,
            Duration.ofMinutes(aheadMinutes));
        Instant edge = NOW.minus(Duration.ofMinutes(retentionMinutes));
        List<Range> after = new ArrayList<>(plan.create());
        if (plan.drop().isEmpty()) {
            after.add(existing);
        } else {
            assertFalse(existing.to().isAfter(edge), "dropped a partition with rows inside the retention");
        }
        after.sort(java.util.Comparator.comparing(Range::from));
        for (int i = 1; i < after.size(); i++) {
            assertFalse(after.get(i - 1).to().isAfter(after.get(i).from()), () -> "overlap: " + after);
        }
        for (Instant t = edge; t.isBefore(NOW.plus(Duration.ofMinutes(aheadMinutes))); t = t.plus(Duration.ofMinutes(7))) {
            Instant at = t;
            assertTrue(after.stream().anyMatch(r -> !r.from().isAfter(at) && r.to().isAfter(at)), () -> at + " is in no partition: " + after);
        }
    }

    private static Range day(String date) {
        Instant start = Instant.parse(date + "T00:00:00Z");
        return new Range(start, start.plus(DAY));
    }
}
