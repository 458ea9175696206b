package io.inferyx.common.redis;

import io.inferyx.common.batch.Batch;
import io.inferyx.common.batch.FinishReport;
import io.inferyx.common.batch.HolderId;
import io.inferyx.common.batch.RunningJob;
import io.inferyx.common.batch.Settlement;
import io.inferyx.common.batch.StartedBatch;
import io.inferyx.common.batch.WorkQueue;
import io.inferyx.common.config.CacheProperties;
import io.inferyx.common.config.JobProperties;
import io.inferyx.common.job.InputDigest;
import io.inferyx.common.job.JobEvent;
import io.inferyx.common.job.JobId;
import io.inferyx.common.job.JobStatus;
import io.inferyx.common.job.ModelId;
import io.lettuce.core.LMoveArgs;
import io.lettuce.core.api.StatefulRedisConnection;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@link WorkQueue} on Redis: a blocking {@code BLMOVE} claim, then {@code start.lua} and
 * {@code finish.lua}; {@code start.lua} also takes the next waiting batch itself.
 */
final class RedisWorkQueue implements WorkQueue {

    private final RedisKeys keys;
    private final Scripts scripts;
    private final StatefulRedisConnection<String, String> blocking;
    private final ModelId model;
    private final HolderId worker;
    private final String processing;
    private final JobProperties jobs;
    private final CacheProperties cache;

    RedisWorkQueue(RedisKeys keys, Scripts scripts, StatefulRedisConnection<String, String> blocking,
                   ModelId model, HolderId worker, JobProperties jobs, CacheProperties cache) {
        this.keys = keys;
        this.scripts = scripts;
        this.blocking = blocking;
        this.model = model;
        this.worker = worker;
        this.processing = keys.processing(model, worker);
        this.jobs = jobs;
        this.cache = cache;
    }

    @Override
    public Optional<Batch> claim(Duration timeout) {
        String record = blocking.sync().blmove(keys.batches(model), processing, LMoveArgs.Builder.rightLeft(),
                RedisBatchQueue.seconds(timeout));
        return Optional.ofNullable(record).map(r -> Batch.fromRecord(model, r));
    }

    @Override
    public List<RunningJob> start(Batch batch) {
        return startScript(batch.record()).map(StartedBatch::jobs).orElse(List.of());
    }

    @Override
    public Optional<StartedBatch> takeNext() {
        return startScript("");
    }

    /** start.lua on {@code record}, or on the oldest waiting batch when it is empty. */
    private Optional<StartedBatch> startScript(String record) {
        JobEvent start = JobEvent.START;
        List<Object> reply = scripts.run(Scripts.START, List.of(processing, keys.batches(model)), List.of(record,
                keys.jobPrefix(model), start.sourcesForScript(), start.target().wire(), worker.value()));
        if (reply.isEmpty()) {
            return Optional.empty();
        }
        List<RunningJob> started = new ArrayList<>(reply.size() / 5);
        for (int i = 1; i + 4 < reply.size(); i += 5) {
            started.add(new RunningJob(JobId.parse((String) reply.get(i)), (String) reply.get(i + 1),
                    Integer.parseInt((String) reply.get(i + 2)), millis(reply.get(i + 3)), millis(reply.get(i + 4))));
        }
        return Optional.of(new StartedBatch(Batch.fromRecord(model, (String) reply.getFirst()), started));
    }

    private static Instant millis(Object value) {
        return value == null ? null : Instant.ofEpochMilli(Long.parseLong((String) value));
    }

    @Override
    public FinishReport finish(Batch batch, List<RunningJob> started, List<Settlement> settlements) {
        FinishCall call = finishCall(batch, started, settlements);
        return report(scripts.run(Scripts.FINISH, call.keys(), call.args()));
    }

    @Override
    public CompletableFuture<FinishReport> finishAsync(Batch batch, List<RunningJob> started,
                                                       List<Settlement> settlements) {
        FinishCall call = finishCall(batch, started, settlements);
        return scripts.runAsync(Scripts.FINISH, call.keys(), call.args()).thenApply(RedisWorkQueue::report);
    }

    private record FinishCall(List<String> keys, List<String> args) { }

    private FinishCall finishCall(Batch batch, List<RunningJob> started, List<Settlement> settlements) {
        Map<JobId, RunningJob> byId = started.stream().collect(Collectors.toMap(RunningJob::id, Function.identity()));
        List<String> keyList = new ArrayList<>(List.of(processing, keys.retry(model), keys.dead(model),
                keys.backlog(model), keys.retryWakeUp(model), keys.finishReceipt(model, worker)));
        List<String> args = new ArrayList<>(List.of(batch.record(), Long.toString(jobs.resultTtl().toMillis()),
                Long.toString(cache.ttlMillisOrZero()), keys.finishedChannel(),
                JobEvent.SUCCEED.sourcesForScript(), JobStatus.DONE.wire(), JobStatus.RETRYING.wire(),
                JobStatus.FAILED.wire()));
        for (Settlement s : settlements) {
            InputDigest digest = InputDigest.of(byId.get(s.id()).input());
            keyList.addAll(List.of(keys.job(s.id()), keys.cache(model, digest), keys.inFlight(model, digest)));
            args.addAll(argsOf(s));
        }
        return new FinishCall(keyList, args);
    }

    private static FinishReport report(List<Object> reply) {
        FinishReport.Outcome outcome = switch (toInt(reply.get(0))) {
            case 1 -> FinishReport.Outcome.SETTLED;
            case 2 -> FinishReport.Outcome.REPEATED;
            case -1 -> FinishReport.Outcome.NOT_OWNED;
            default -> throw new IllegalStateException("finish script answered " + reply);
        };
        return new FinishReport(outcome, toInt(reply.get(1)), toInt(reply.get(2)), toInt(reply.get(3)));
    }

    private static List<String> argsOf(Settlement s) {
        return switch (s) {
            case Settlement.Done d -> List.of(d.id().toString(), "done", d.resultJson(), "0");
            case Settlement.Retry r -> List.of(r.id().toString(), "retry", r.error(), Long.toString(r.delay().toMillis()));
            case Settlement.Fail f -> List.of(f.id().toString(), "fail", f.error(), "0");
        };
    }

    private static int toInt(Object value) {
        return ((Long) value).intValue();
    }

    @Override
    public void close() {
        blocking.close();
    }
}
