package io.inferyx.worker.model;

import io.inferyx.common.job.ModelId;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The model implementations of this process, by id. */
public final class ModelCatalog {

    private final Map<ModelId, InferenceModel> models = new TreeMap<>((a, b) -> a.value().compareTo(b.value()));

    public ModelCatalog(List<InferenceModel> models) {
        for (InferenceModel model : models) {
            if (this.models.putIfAbsent(model.id(), model) != null) {
                throw new IllegalStateException("two implementations of model '" + model.id() + "'");
            }
        }
    }

    /** The implementation of a served model; fails start-up when a served model has none. */
    public InferenceModel require(ModelId id) {
        InferenceModel model = models.get(id);
        if (model == null) {
            throw new IllegalStateException("inferyx.models.served names '" + id
                    + "', but this worker has no implementation of it (available: " + models.keySet() + ")");
        }
        return model;
    }
}
