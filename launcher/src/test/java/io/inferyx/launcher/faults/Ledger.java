package io.inferyx.launcher.faults;

import io.inferyx.common.job.JobId;
import io.inferyx.common.job.ModelId;
import io.inferyx.common.redis.RedisKeys;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.sync.RedisCommands;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The proof by counting: once the fleet has drained, every job the API accepted is done or failed,
 * settled exactly once ({@code settled == 1}; a cached job was never run and has none), visible
 * as such through {@code GET /result}, and nothing is left anywhere: backlog 0, queue, forming
 * lists, batch list, processing lists and retry set empty.
 */
final class Ledger {

    /** One job's hash, as the terminal scripts left it. */
    record Job(String id, String status, String settled, boolean cached, int attempts, int recoveries, String error,
               long retryAt) {

        static Job of(String id, Map<String, String> hash) {
            return new Job(id, hash.getOrDefault("status", ""), hash.get("settled"), "1".equals(hash.get("cached")),
                    Integer.parseInt(hash.getOrDefault("attempts", "0")),
                    Integer.parseInt(hash.getOrDefault("recoveries", "0")), hash.get("error"),
                    Long.parseLong(hash.getOrDefault("retry_at", "0")));
        }

        boolean poisonPill() {
            return "failed".equals(status) && error != null && error.startsWith("abandoned");
        }
    }

    /**
     * What the end state adds up to.
     *
     * @param accepted  distinct jobs the API accepted (2xx)
     * @param ran       accepted jobs that were not cache hits
     * @param retried   jobs that ran more than once
     * @param recovered jobs handed back at least once from a dead worker or batcher
     * @param poisoned  jobs failed because their worker died too often
     */
    record Counts(int accepted, int done, int failed, int cached, int ran, int retried, int recovered, int poisoned,
                  int maxAttempts, int jobHashes) {

        @Override
        public String toString() {
            return "accepted " + accepted + " = done " + done + " + failed " + failed + " (cached " + cached
                    + ", ran " + ran + ", ran more than once " + retried + ", recovered from dead holders " + recovered
                    + ", poison pills " + poisoned + ", most attempts " + maxAttempts + ")";
        }
    }

    private final RedisCommands<String, String> redis;
    private final RedisKeys keys;
    private final ModelId model;
    private final Places places;
    private final InferyxApi api;

    Ledger(RedisCommands<String, String> redis, RedisKeys keys, ModelId model, Places places, InferyxApi api) {
        this.redis = redis;
        this.keys = keys;
        this.model = model;
        this.places = places;
        this.api = api;
    }

    /**
     * Waits until every accepted job is terminal and nothing is held or counted anywhere; the
     * invariant must hold at every look on the way.
     */
    void awaitDrained(Collection<String> ids, Duration atMost) {
        await("fleet drained").atMost(atMost).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            Places.Snapshot now = places.take(ids);
            assertThat(now.violations()).as("DESIGN §2 while draining").isEmpty();
            long unfinished = now.statusById().values().stream().filter(s -> !s.equals("done") && !s.equals("failed"))
                    .count();
            assertThat(unfinished).as("accepted jobs not finished yet (held: %s)", now.heldByPlace()).isZero();
            assertThat(now.heldByPlace()).as("jobs still held somewhere").isEmpty();
            assertThat(now.backlog()).as("backlog").isZero();
        });
    }

    /** Reads the hash of each job. */
    Map<String, Job> jobs(Collection<String> ids) {
        Map<String, Job> jobs = new ConcurrentHashMap<>();
        for (String id : ids) {
            jobs.put(id, Job.of(id, redis.hgetall(keys.job(JobId.parse(id)))));
        }
        return jobs;
    }

    /**
     * Drains, then proves the counts: accepted = done + failed, settled exactly once, the same
     * through the API, nothing left behind. Answers the counts for scenario-specific checks.
     */
    Counts prove(Tally tally, Duration drainTimeout) throws Exception {
        Set<String> accepted = tally.acceptedIds();
        Set<String> cached = tally.cachedIds();
        assertThat(accepted).as("the API accepted nothing: %s", tally).isNotEmpty();
        awaitDrained(accepted, drainTimeout);

        Map<String, Job> jobs = jobs(accepted);
        List<String> problems = new ArrayList<>();
        jobs.values().forEach(job -> {
            if (cached.contains(job.id())) {
                if (job.settled() != null || !job.status().equals("done")) {
                    problems.add(job + ": a cache hit must be done and never settled");
                }
            } else if (!"1".equals(job.settled())) {
                problems.add(job + ": settled " + job.settled() + " times, expected exactly once");
            }
        });
        problems.addAll(checkThroughApi(jobs));

        int done = (int) jobs.values().stream().filter(j -> j.status().equals("done")).count();
        int failed = (int) jobs.values().stream().filter(j -> j.status().equals("failed")).count();
        List<String> dead = redis.lrange(keys.dead(model), 0, -1);
        Set<String> failedIds = jobs.values().stream().filter(j -> j.status().equals("failed")).map(Job::id)
                .collect(Collectors.toSet());
        assertThat(problems).as("jobs not settled exactly once").isEmpty();
        assertThat(done + failed).as("accepted = done + failed").isEqualTo(accepted.size());
        assertThat(dead).as("dead-letter list").doesNotHaveDuplicates().containsAll(failedIds);
        assertLeftNothingBehind();

        return new Counts(accepted.size(), done, failed, cached.size(), accepted.size() - cached.size(),
                (int) jobs.values().stream().filter(j -> j.attempts() > 1).count(),
                (int) jobs.values().stream().filter(j -> j.recoveries() > 0).count(),
                (int) jobs.values().stream().filter(Job::poisonPill).count(),
                jobs.values().stream().mapToInt(Job::attempts).max().orElse(0),
                countKeys(keys.jobPrefix(model) + "*"));
    }

    /** Backlog zero, and no queue, forming, batch, processing or retry entry left under the prefix. */
    void assertLeftNothingBehind() {
        assertThat(Optional.ofNullable(redis.get(keys.backlog(model))).orElse("0")).as("backlog").isEqualTo("0");
        assertThat(redis.llen(keys.queue(model))).as("queue").isZero();
        assertThat(redis.llen(keys.batches(model))).as("batch list").isZero();
        assertThat(redis.zcard(keys.retry(model))).as("retry set").isZero();
        for (String pattern : List.of("forming", "processing")) {
            List<String> left = scan(keys.prefix() + pattern + ":*").stream().filter(k -> redis.llen(k) > 0).toList();
            assertThat(left).as("non-empty %s lists", pattern).isEmpty();
        }
    }

    /** Every job as {@code GET /result} shows it agrees with its hash. */
    private List<String> checkThroughApi(Map<String, Job> jobs) throws Exception {
        List<String> problems = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<String>> checks = new ArrayList<>();
            for (Job job : jobs.values()) {
                checks.add(pool.submit(() -> checkOne(job)));
            }
            for (Future<String> check : checks) {
                String problem = check.get();
                if (problem != null) {
                    problems.add(problem);
                }
            }
        }
        return problems;
    }

    private String checkOne(Job job) {
        Optional<JsonNode> shown = api.result(job.id());
        if (shown.isEmpty()) {
            return job.id() + ": GET /result answered 404";
        }
        String status = shown.get().path("status").asString("");
        if (!status.equals(job.status())) {
            return job.id() + ": GET /result shows " + status + ", the hash " + job.status();
        }
        if (status.equals("done") && !shown.get().path("result").asString("").startsWith("[mock] ")) {
            return job.id() + ": done without a mock result: " + shown.get();
        }
        if (status.equals("failed") && shown.get().path("error").asString("").isBlank()) {
            return job.id() + ": failed without an error: " + shown.get();
        }
        return null;
    }

    int countKeys(String pattern) {
        return scan(pattern).size();
    }

    private List<String> scan(String pattern) {
        Set<String> found = new HashSet<>();
        ScanIterator.scan(redis, ScanArgs.Builder.matches(pattern).limit(1000)).forEachRemaining(found::add);
        return List.copyOf(found);
    }
}
