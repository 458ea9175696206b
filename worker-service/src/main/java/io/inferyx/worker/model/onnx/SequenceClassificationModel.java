package io.inferyx.worker.model.onnx;

import io.inferyx.common.job.ModelId;
import io.inferyx.worker.model.InferenceModel;
import io.inferyx.worker.model.ModelOutput;

import java.util.ArrayList;
import java.util.List;

/**
 * A sequence-classification ONNX export ({@code input_ids}, {@code attention_mask} →
 * {@code logits [batch, labels]}) with its tokenizer. An input with an aspect is encoded as the
 * pair (text, aspect), as aspect-based sentiment models are trained.
 */
public final class SequenceClassificationModel implements InferenceModel {

    private final ModelId id;
    private final TextTokenizer tokenizer;
    private final OnnxSession session;
    private final List<String> labels;

    public SequenceClassificationModel(ModelId id, TextTokenizer tokenizer, OnnxSession session, List<String> labels) {
        this.id = id;
        this.tokenizer = tokenizer;
        this.session = session;
        this.labels = List.copyOf(labels);
    }

    @Override
    public ModelId id() {
        return id;
    }

    @Override
    public List<ModelOutput> infer(List<String> inputs) {
        List<ClassifierInput> parsed = inputs.stream().map(ClassifierInput::parse).toList();
        List<ModelOutput> outputs = new ArrayList<>(inputs.size());
        // inputs with and without an aspect are tokenized apart (pairs vs single texts)
        ModelOutput[] byIndex = new ModelOutput[inputs.size()];
        List<Integer> plain = new ArrayList<>();
        List<Integer> paired = new ArrayList<>();
        for (int i = 0; i < parsed.size(); i++) {
            (parsed.get(i).aspect() == null ? plain : paired).add(i);
        }
        if (!plain.isEmpty()) {
            Tokens t = tokenizer.encode(plain.stream().map(i -> parsed.get(i).text()).toList());
            fill(byIndex, plain, parsed, logits(t));
        }
        if (!paired.isEmpty()) {
            Tokens t = tokenizer.encodePairs(paired.stream().map(i -> parsed.get(i).text()).toList(),
                    paired.stream().map(i -> parsed.get(i).aspect()).toList());
            fill(byIndex, paired, parsed, logits(t));
        }
        outputs.addAll(List.of(byIndex));
        return outputs;
    }

    private float[][] logits(Tokens tokens) {
        Object out = session.run(tokens);
        if (!(out instanceof float[][] logits) || logits.length != tokens.batchSize()
                || logits[0].length != labels.size()) {
            throw new IllegalStateException("model " + id + " must answer logits [batch, " + labels.size() + "]");
        }
        return logits;
    }

    private void fill(ModelOutput[] byIndex, List<Integer> indices, List<ClassifierInput> parsed, float[][] logits) {
        for (int k = 0; k < indices.size(); k++) {
            int i = indices.get(k);
            byIndex[i] = ModelOutput.success(Classification.json(labels, Classification.softmax(logits[k]),
                    parsed.get(i).aspect()));
        }
    }

    @Override
    public void close() {
        session.close();
        tokenizer.close();
    }
}
