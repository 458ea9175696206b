package io.inferyx.worker.model.mock;

import io.inferyx.common.job.ModelId;
import io.inferyx.worker.Sleeper;
import io.inferyx.worker.model.InferenceModel;
import io.inferyx.worker.model.ModelOutput;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The {@code mock} model, a simulated GPU (see {@link MockModelProperties}): it answers
 * {@code "[mock] " + input.toUpperCase()} as a JSON string after a batch-size dependent latency.
 */
public final class MockModel implements InferenceModel {

    public static final ModelId ID = ModelId.of("mock");
    static final String FAILURE = "simulated failure";

    private final MockModelProperties properties;
    private final Sleeper sleeper;
    // java.util.Random is thread-safe; workers share one model
    private final Random random;

    public MockModel(MockModelProperties properties, Sleeper sleeper) {
        this.properties = properties;
        this.sleeper = sleeper;
        this.random = properties.seed() == null ? new Random() : new Random(properties.seed());
    }

    @Override
    public ModelId id() {
        return ID;
    }

    @Override
    public List<ModelOutput> infer(List<String> inputs) {
        if (inputs.size() > properties.capacity()) {
            // a real allocation failure is immediate: no latency
            String oom = "CUDA out of memory (simulated): batch of " + inputs.size()
                    + " exceeds capacity " + properties.capacity();
            return Collections.nCopies(inputs.size(), ModelOutput.failure(oom, true));
        }
        sleep(latency(inputs.size()));
        List<ModelOutput> outputs = new ArrayList<>(inputs.size());
        for (String input : inputs) {
            outputs.add(random.nextDouble() < properties.failureRate()
                    ? ModelOutput.failure(FAILURE, true)
                    : ModelOutput.success(result(input)));
        }
        return outputs;
    }

    /** The nominal latency of a batch, scaled by a uniform factor in [1 - jitter, 1 + jitter]. */
    Duration latency(int batchSize) {
        long nominal = properties.baseLatency().plus(properties.perItemLatency().multipliedBy(batchSize)).toNanos();
        double factor = 1 + properties.jitter() * (2 * random.nextDouble() - 1);
        return Duration.ofNanos(Math.round(nominal * factor));
    }

    private void sleep(Duration latency) {
        try {
            sleeper.sleep(latency);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("inference interrupted", e);
        }
    }

    static String result(String input) {
        return JsonMapper.shared().writeValueAsString("[mock] " + input.toUpperCase(Locale.ROOT));
    }
}
