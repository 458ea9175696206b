package io.inferyx.api;

import io.inferyx.common.batch.Batch;
import io.inferyx.common.batch.BatchQueue;
import io.inferyx.common.batch.HolderId;
import io.inferyx.common.batch.JobQueues;
import io.inferyx.common.batch.RunningJob;
import io.inferyx.common.batch.Settlement;
import io.inferyx.common.batch.WorkQueue;
import io.inferyx.common.job.JobId;
import io.inferyx.common.job.ModelId;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Plays the batcher and the worker through the real ports of common (the same scripts the real
 * services run), so the API sees jobs finish exactly as in production.
 */
public final class TestWorker {

    public static final ModelId MOCK = ModelId.of("mock");

    private final JobQueues queues;

    public TestWorker(JobQueues queues) {
        this.queues = queues;
    }

    /** The mock model's output for an input, as the JSON text the worker stores. */
    public static String mockResult(String input) {
        return ApiClient.JSON.writeValueAsString("[mock] " + input.toUpperCase(Locale.ROOT));
    }

    /** Runs every queued mock job to success, with the mock model's output; answers their ids. */
    public List<JobId> finishQueued() {
        return settleQueued(job -> new Settlement.Done(job.id(), mockResult(job.input())));
    }

    /** Runs every queued mock job and settles each as {@code settlement} says. */
    public List<JobId> settleQueued(Function<RunningJob, Settlement> settlement) {
        List<JobId> settled = new ArrayList<>();
        try (BatchQueue batcher = queues.batchQueue(MOCK, new HolderId("test-batcher"), 64);
             WorkQueue worker = queues.workQueue(MOCK, new HolderId("test-worker"))) {
            while (batcher.fill().size() > 0) {
                batcher.seal(Batch.newId());
                Batch batch = worker.claim(Duration.ofSeconds(1)).orElseThrow();
                List<RunningJob> started = worker.start(batch);
                worker.finish(batch, started, started.stream().map(settlement).toList());
                started.forEach(job -> settled.add(job.id()));
            }
        }
        return settled;
    }
}
