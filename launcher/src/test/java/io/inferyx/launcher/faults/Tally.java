package io.inferyx.launcher.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Every answer the API gave during a test, thread-safe. The accepted jobs, the ones the suite
 * must find settled exactly once at the end, are the request ids of the 2xx answers.
 */
final class Tally {

    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();

    void add(Answer answer) {
        answers.add(answer);
    }

    List<Answer> answers() {
        return new ArrayList<>(answers);
    }

    int sent() {
        return answers.size();
    }

    /** The distinct job ids the API accepted (a joined request names a job that is already counted). */
    Set<String> acceptedIds() {
        return answers.stream().filter(Answer::accepted).map(Answer::requestId)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** Jobs answered from the cache: done at once, never run, so never settled by a worker. */
    Set<String> cachedIds() {
        return answers.stream().filter(a -> a.accepted() && a.cached()).map(Answer::requestId)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    long count(Predicate<Answer> which) {
        return answers.stream().filter(which).count();
    }

    long withStatus(int status) {
        return count(a -> a.status() == status);
    }

    /** How many answers of each status (-1: no answer, the connection failed). */
    Map<Integer, Long> byStatus() {
        return answers.stream().collect(Collectors.groupingBy(Answer::status, TreeMap::new, Collectors.counting()));
    }

    Duration maxLatency(Predicate<Answer> which) {
        return answers.stream().filter(which).map(Answer::latency).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    @Override
    public String toString() {
        return "sent " + sent() + ", by status " + byStatus() + ", accepted jobs " + acceptedIds().size();
    }
}
