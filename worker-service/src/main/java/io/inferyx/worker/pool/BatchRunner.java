package io.inferyx.worker.pool;

import io.inferyx.common.batch.RunningJob;
import io.inferyx.common.batch.Settlement;
import io.inferyx.common.retry.RetryPolicy;
import io.inferyx.worker.metrics.WorkerMetrics;
import io.inferyx.worker.model.InferenceModel;
import io.inferyx.worker.model.ModelOutput;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Runs the model on the started jobs of a batch and decides each job's settlement: a result is
 * done; a failure goes to the {@link RetryPolicy}. A model that throws, or answers the wrong
 * number of outputs, fails every job retryably with the reason, so no job ends without one.
 */
public final class BatchRunner {

    private final InferenceModel model;
    private final RetryPolicy retryPolicy;
    private final WorkerMetrics metrics;

    public BatchRunner(InferenceModel model, RetryPolicy retryPolicy, WorkerMetrics metrics) {
        this.model = model;
        this.retryPolicy = retryPolicy;
        this.metrics = metrics;
    }

    /** One settlement per job, in order; none when no job started. */
    public List<Settlement> run(List<RunningJob> jobs) {
        if (jobs.isEmpty()) {
            return List.of();
        }
        List<ModelOutput> outputs = infer(jobs);
        List<Settlement> settlements = new ArrayList<>(jobs.size());
        for (int i = 0; i < jobs.size(); i++) {
            settlements.add(settle(jobs.get(i), outputs.get(i)));
        }
        return settlements;
    }

    private List<ModelOutput> infer(List<RunningJob> jobs) {
        List<String> inputs = jobs.stream().map(RunningJob::input).toList();
        try {
            return checked(metrics.timeInference(() -> model.infer(inputs)), jobs.size());
        } catch (RuntimeException | Error e) {
            // an Error too (a native library that failed to link, a stack overflow, an assertion):
            // the batch is settled with the reason instead of dying with the worker thread
            return failAll(jobs.size(), describe(e));
        }
    }

    private List<ModelOutput> checked(List<ModelOutput> outputs, int expected) {
        if (outputs == null || outputs.size() != expected) {
            int actual = outputs == null ? 0 : outputs.size();
            return failAll(expected,
                    "model " + model.id() + " answered " + actual + " outputs for " + expected + " inputs");
        }
        List<ModelOutput> safe = new ArrayList<>(outputs);
        safe.replaceAll(o -> o != null ? o : ModelOutput.failure("model " + model.id() + " answered no output", true));
        return safe;
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getName() : e.getClass().getName() + ": " + e.getMessage();
    }

    private static List<ModelOutput> failAll(int count, String reason) {
        return Collections.nCopies(count, ModelOutput.failure(reason, true));
    }

    private Settlement settle(RunningJob job, ModelOutput output) {
        return switch (output) {
            case ModelOutput.Success success -> new Settlement.Done(job.id(), success.resultJson());
            case ModelOutput.Failure failure ->
                    retryPolicy.afterFailure(job.id(), job.attempt(), failure.message(), failure.retryable());
        };
    }
}
