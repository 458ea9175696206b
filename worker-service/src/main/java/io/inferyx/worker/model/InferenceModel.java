package io.inferyx.worker.model;

import io.inferyx.common.job.ModelId;

import java.util.List;

/**
 * A model the workers can run: a batch of inputs in, one output per input out, in order.
 *
 * <p>Every served model implements this, the simulated {@code mock} as well as the ONNX models.
 * Implementations are called by several worker threads at once and must be thread-safe. A model
 * that cannot run a batch at all may throw: every job of the batch then fails retryably with
 * the exception's class and message. Resources such as sessions are opened once and released
 * in {@link #close()}, which runs on shutdown.
 */
public interface InferenceModel extends AutoCloseable {

    ModelId id();

    /** Runs one batch; answers exactly one output per input, in the order of the inputs. */
    List<ModelOutput> infer(List<String> inputs);

    @Override
    default void close() {
    }
}
