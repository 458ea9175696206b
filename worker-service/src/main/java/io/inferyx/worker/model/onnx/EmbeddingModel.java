package io.inferyx.worker.model.onnx;

import io.inferyx.common.job.ModelId;
import io.inferyx.worker.model.InferenceModel;
import io.inferyx.worker.model.ModelOutput;

import java.util.ArrayList;
import java.util.List;

/** A sentence-embedding model: each input's result is {@code {"embedding": [384 floats]}}, unit length. */
public final class EmbeddingModel implements InferenceModel {

    private final ModelId id;
    private final SentenceEncoder encoder;
    private final boolean ownsEncoder;

    public EmbeddingModel(ModelId id, SentenceEncoder encoder, boolean ownsEncoder) {
        this.id = id;
        this.encoder = encoder;
        this.ownsEncoder = ownsEncoder;
    }

    @Override
    public ModelId id() {
        return id;
    }

    @Override
    public List<ModelOutput> infer(List<String> inputs) {
        float[][] vectors = encoder.embed(inputs);
        List<ModelOutput> outputs = new ArrayList<>(inputs.size());
        for (float[] v : vectors) {
            outputs.add(ModelOutput.success(json(v)));
        }
        return outputs;
    }

    static String json(float[] v) {
        StringBuilder sb = new StringBuilder(v.length * 12 + 16).append("{\"embedding\":[");
        for (int d = 0; d < v.length; d++) {
            if (d > 0) {
                sb.append(',');
            }
            sb.append(v[d]);
        }
        return sb.append("]}").toString();
    }

    @Override
    public void close() {
        if (ownsEncoder) {
            encoder.close();
        }
    }
}
