package io.inferyx.worker.pool;

import io.inferyx.common.batch.RunningJob;
import io.inferyx.common.job.JobId;
import io.inferyx.common.job.ModelId;
import io.inferyx.worker.model.InferenceModel;
import io.inferyx.worker.model.ModelOutput;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/** Small models and jobs for unit tests. */
final class TestModels {

    static final ModelId MODEL = ModelId.of("mock");

    private TestModels() {
    }

    static InferenceModel model(Function<List<String>, List<ModelOutput>> infer) {
        return new InferenceModel() {
            @Override
            public ModelId id() {
                return MODEL;
            }

            @Override
            public List<ModelOutput> infer(List<String> inputs) {
                return infer.apply(inputs);
            }
        };
    }

    /** Answers {@code ok:<input>} for every input. */
    static InferenceModel echo() {
        return model(inputs -> inputs.stream().map(i -> ModelOutput.success("\"ok:" + i + "\"")).toList());
    }

    static RunningJob job(String input, int attempt) {
        Instant now = Instant.parse("2030-01-01T00:00:00Z");
        return new RunningJob(JobId.random(MODEL), input, attempt, now, now);
    }
}
