package io.inferyx.common.models;

import io.inferyx.common.job.ModelId;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One model of the repository: the folder {@code <repository>/<id>/} and its
 * {@code model.properties}. Only the settings every service needs are typed here; the worker
 * reads the model files themselves.
 *
 * @param id             the folder's name, which is the model id
 * @param directory      the folder, holding {@code model.properties} and the model files
 * @param type           {@code embedding} or {@code sequence-classification}
 * @param labels         the class labels, in the order of the logits (classification only)
 * @param maxBatchSize   overrides {@code inferyx.batching.max-batch-size}; null: the global value
 * @param maxWait        overrides {@code inferyx.batching.max-wait}; null: the global value
 * @param minWorkers     overrides {@code inferyx.workers.min} for this model's pool; null: the global value
 * @param maxWorkers     overrides {@code inferyx.workers.max} for this model's pool; null: the global value
 * @param intraOpThreads ONNX Runtime intra-op threads of each session
 * @param maxLength      tokens kept per input (longer inputs are truncated)
 * @param aspect         whether requests may name an {@code aspect} (the entity a sentiment is about)
 * @param properties     the whole file, for settings only the worker knows
 */
public record ModelConfig(ModelId id, Path directory, String type, List<String> labels, Integer maxBatchSize,
                          Duration maxWait, Integer minWorkers, Integer maxWorkers, int intraOpThreads,
                          int maxLength, boolean aspect, Map<String, String> properties) {

    public static final String EMBEDDING = "embedding";
    public static final String SEQUENCE_CLASSIFICATION = "sequence-classification";

    public ModelConfig {
        labels = List.copyOf(labels);
        properties = Map.copyOf(properties);
    }

    public Optional<String> property(String key) {
        return Optional.ofNullable(properties.get(key)).map(String::strip).filter(v -> !v.isEmpty());
    }

    public Path file(String name) {
        return directory.resolve(name);
    }
}
