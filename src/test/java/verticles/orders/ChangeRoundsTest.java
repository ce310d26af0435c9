package verticles.orders;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Change rounds")
class ChangeRoundsTest {

    /** A change: its key and where it came in the batch. */
    private record Change(String key, int position) {
    }

    @RepeatedTest(200)
    @DisplayName("name each key once a round, keep every change, and keep each key's changes in order")
    void eachKeyOnceInOrder(RepetitionInfo repetition) {
        Random random = new Random(repetition.getCurrentRepetition());
        int keys = 1 + random.nextInt(8);
        List<Change> batch = new ArrayList<>();
        for (int i = 0, n = random.nextInt(40); i < n; i++) {
            batch.add(new Change("ord_" + random.nextInt(keys), i));
        }

        List<List<Change>> rounds = ChangeRounds.eachKeyOnce(batch, Change::key);

        List<Change> all = new ArrayList<>();
        for (List<Change> round : rounds) {
            assertTrue(!round.isEmpty(), "no empty round");
            Set<String> named = new HashSet<>();
            round.forEach(c -> assertTrue(named.add(c.key()), c.key() + " twice in one round of " + batch));
            all.addAll(round);
        }
        assertEquals(batch.size(), all.size(), "every change in some round");
        assertEquals(new HashSet<>(batch), new HashSet<>(all));
        for (String key : batch.stream().map(Change::key).distinct().toList()) {
            assertEquals(batch.stream().filter(c -> c.key().equals(key)).toList(),
                all.stream().filter(c -> c.key().equals(key)).toList(), "the changes of " + key + ", in order");
        }
        long mostOfOneKey = batch.stream().collect(java.util.stream.Collectors.groupingBy(Change::key,
            java.util.stream.Collectors.counting())).values().stream().mapToLong(Long::longValue).max().orElse(0);
        assertEquals(mostOfOneKey, rounds.size(), "as few rounds as the most repeated key needs");
    }
}
