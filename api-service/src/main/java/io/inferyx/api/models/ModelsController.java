package io.inferyx.api.models;

import io.inferyx.common.config.BatchingProperties;
import io.inferyx.common.config.ModelsProperties;
import io.inferyx.common.config.QueueProperties;
import io.inferyx.common.job.JobStore;
import io.inferyx.common.job.ModelId;
import io.inferyx.common.models.ModelConfig;
import io.inferyx.common.models.ModelReadiness;
import io.inferyx.common.models.ModelRepository;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Optional;

/**
 * {@code GET /models}: the served models, in configuration order ({@code inferyx.models.served},
 * then the model repository), each with its readiness as the workers report it.
 */
@RestController
class ModelsController {

    private final ModelsProperties models;
    private final BatchingProperties batching;
    private final QueueProperties queue;
    private final JobStore store;
    private final ModelRepository repository;
    private final ModelReadiness readiness;

    ModelsController(ModelsProperties models, BatchingProperties batching, QueueProperties queue, JobStore store,
                     ModelRepository repository, ModelReadiness readiness) {
        this.models = models;
        this.batching = batching;
        this.queue = queue;
        this.store = store;
        this.repository = repository;
        this.readiness = readiness;
    }

    @GetMapping("/models")
    List<ModelInfo> models() {
        return models.ids().stream().map(this::describe).toList();
    }

    private ModelInfo describe(ModelId model) {
        long ready = readiness.readyProcesses(model);
        Optional<ModelConfig> config = repository.find(model);
        return new ModelInfo(model.value(), batching.maxBatchSize(model), batching.maxWait(model).toMillis(),
                store.backlog(model), queue.maxSize(), ready > 0, ready,
                config.map(ModelConfig::type).orElse(null),
                config.map(ModelConfig::labels).filter(l -> !l.isEmpty()).orElse(null),
                config.map(ModelConfig::aspect).orElse(null),
                config.map(ModelConfig::intraOpThreads).orElse(null),
                config.map(ModelConfig::minWorkers).orElse(null),
                config.map(ModelConfig::maxWorkers).orElse(null));
    }
}
