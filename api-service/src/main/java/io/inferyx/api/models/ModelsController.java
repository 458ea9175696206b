package io.inferyx.api.models;

import io.inferyx.common.config.BatchingProperties;
import io.inferyx.common.config.ModelsProperties;
import io.inferyx.common.config.QueueProperties;
import io.inferyx.common.job.JobStore;
import io.inferyx.common.job.ModelId;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** {@code GET /models}: the served models, in configuration order. */
@RestController
class ModelsController {

    private final ModelsProperties models;
    private final BatchingProperties batching;
    private final QueueProperties queue;
    private final JobStore store;

    ModelsController(ModelsProperties models, BatchingProperties batching, QueueProperties queue, JobStore store) {
        this.models = models;
        this.batching = batching;
        this.queue = queue;
        this.store = store;
    }

    @GetMapping("/models")
    List<ModelInfo> models() {
        return models.ids().stream().map(this::describe).toList();
    }

    private ModelInfo describe(ModelId model) {
        return new ModelInfo(model.value(), batching.maxBatchSize(model), batching.maxWait(model).toMillis(),
                store.backlog(model), queue.maxSize());
    }
}
