package verticles.orders;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Splits a batch of changes into rounds that each name a key once, for a store that writes a
 * round in one statement (a row can be updated once a statement). A key's n-th change goes to
 * round n, so run in turn the rounds keep every key's changes in the order they came.
 */
final class ChangeRounds {

    private ChangeRounds() {
    }

    static <T> List<List<T>> eachKeyOnce(List<T> changes, Function<T, String> key) {
        List<List<T>> rounds = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (T change : changes) {
            int round = seen.merge(key.apply(change), 1, Integer::sum) - 1;
            if (round == rounds.size()) {
                rounds.add(new ArrayList<>());
            }
            rounds.get(round).add(change);
        }
        return rounds;
    }
}
