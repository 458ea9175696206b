package io.inferyx.worker.metrics;

import io.inferyx.common.batch.FinishReport;
import io.inferyx.common.batch.RunningJob;
import io.inferyx.common.batch.Settlement;
import io.inferyx.common.job.JobId;
import io.inferyx.common.job.ModelId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static io.inferyx.common.metrics.MetricNames.BATCHES_PROCESSED;
import static io.inferyx.common.metrics.MetricNames.BATCH_SIZE;
import static io.inferyx.common.metrics.MetricNames.INFERENCE;
import static io.inferyx.common.metrics.MetricNames.JOBS_COMPLETED;
import static io.inferyx.common.metrics.MetricNames.JOBS_FAILED;
import static io.inferyx.common.metrics.MetricNames.QUEUE_WAIT;
import static io.inferyx.common.metrics.MetricNames.REQUEST_LATENCY;
import static io.inferyx.common.metrics.MetricNames.RETRIES;
import static io.inferyx.common.metrics.MetricNames.RETRY_DELAY;
import static io.inferyx.common.metrics.MetricNames.TAG_MODEL;
import static io.inferyx.common.metrics.MetricNames.TAG_STATE;
import static io.inferyx.common.metrics.MetricNames.WORKERS;
import static io.inferyx.common.metrics.MetricNames.WORKER_UTILIZATION;

/** The worker metrics of one model (DESIGN §7), all tagged {@code model}. */
public final class WorkerMetrics {

    private static final Duration MIN_LATENCY = Duration.ofMillis(1);
    private static final Duration MAX_LATENCY = Duration.ofMinutes(5);

    private final MeterRegistry registry;
    private final Tags tags;
    private final DistributionSummary batchSize;
    private final Counter batches;
    private final Timer inference;
    private final Timer queueWait;
    private final Timer requestLatency;
    private final Counter completed;
    private final Counter failed;
    private final Counter retries;
    private final Timer retryDelay;

    public WorkerMetrics(MeterRegistry registry, ModelId model) {
        this.registry = registry;
        this.tags = Tags.of(TAG_MODEL, model.value());
        this.batchSize = DistributionSummary.builder(BATCH_SIZE).description("Jobs per batch run by a worker")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128).tags(tags).register(registry);
        this.batches = counter(BATCHES_PROCESSED, "Batches run and settled");
        this.inference = histogram(INFERENCE, "Model time per batch");
        this.queueWait = histogram(QUEUE_WAIT, "Time a job waited between being queued and starting to run");
        this.requestLatency = histogram(REQUEST_LATENCY, "Time from submission to a done job");
        this.completed = counter(JOBS_COMPLETED, "Jobs done");
        this.failed = counter(JOBS_FAILED, "Jobs failed for good");
        this.retries = counter(RETRIES, "Failed runs scheduled to run again");
        this.retryDelay = Timer.builder(RETRY_DELAY).description("Backoff scheduled before a retry")
                .serviceLevelObjectives(ms(100), ms(250), ms(500), ms(1000), ms(2000), ms(4000), ms(8000),
                        ms(16_000), ms(30_000), ms(60_000))
                .tags(tags).register(registry);
    }

    /** Registers the pool gauges: workers by state (busy, idle) and the busy share of live workers. */
    public void bindPool(IntSupplier busy, IntSupplier live) {
        gauge(WORKERS, "Live workers by state", Tags.of(TAG_STATE, "busy"), busy::getAsInt);
        gauge(WORKERS, "Live workers by state", Tags.of(TAG_STATE, "idle"),
                () -> Math.max(0, live.getAsInt() - busy.getAsInt()));
        gauge(WORKER_UTILIZATION, "Share of live workers running a batch", Tags.empty(),
                () -> utilization(busy.getAsInt(), live.getAsInt()));
    }

    static double utilization(int busy, int live) {
        return live == 0 ? 0 : Math.min(1.0, (double) busy / live);
    }

    public <T> T timeInference(Supplier<T> inference) {
        return this.inference.record(inference);
    }

    /** Records how long each started job waited in the queues. */
    public void jobsStarted(List<RunningJob> jobs, Instant now) {
        for (RunningJob job : jobs) {
            record(queueWait, job.enqueuedAt(), now);
        }
    }

    /** Records a finished batch; a batch that was no longer this worker's wrote nothing and counts nothing. */
    public void batchFinished(List<RunningJob> started, List<Settlement> settlements, FinishReport report,
                              Instant now) {
        if (!report.owned() || started.isEmpty()) {
            return;
        }
        batches.increment();
        batchSize.record(started.size());
        completed.increment(report.done());
        failed.increment(report.failed());
        retries.increment(report.retried());
        Map<JobId, RunningJob> byId = started.stream()
                .collect(Collectors.toMap(RunningJob::id, job -> job, (first, same) -> first));
        for (Settlement settlement : settlements) {
            switch (settlement) {
                case Settlement.Done done -> record(requestLatency, byId.get(done.id()).submittedAt(), now);
                case Settlement.Retry retry -> retryDelay.record(retry.delay());
                case Settlement.Fail ignored -> { }
            }
        }
    }

    private static void record(Timer timer, Instant from, Instant to) {
        // the times come from the Redis server's clock: never record a negative skew
        if (from != null) {
            Duration elapsed = Duration.between(from, to);
            timer.record(elapsed.isNegative() ? Duration.ZERO : elapsed);
        }
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }

    private Timer histogram(String name, String description) {
        return Timer.builder(name).description(description).publishPercentileHistogram()
                .minimumExpectedValue(MIN_LATENCY).maximumExpectedValue(MAX_LATENCY).tags(tags).register(registry);
    }

    private void gauge(String name, String description, Tags extra, Supplier<Number> value) {
        // the suppliers are lambdas nobody else references: hold them strongly
        Gauge.builder(name, value).description(description).tags(tags.and(extra)).strongReference(true)
                .register(registry);
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }
}
