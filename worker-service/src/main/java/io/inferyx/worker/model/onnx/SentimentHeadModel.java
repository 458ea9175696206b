package io.inferyx.worker.model.onnx;

import io.inferyx.common.job.ModelId;
import io.inferyx.worker.model.InferenceModel;
import io.inferyx.worker.model.ModelOutput;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Financial sentiment without a model of its own: a {@link SoftmaxHead} on sentence embeddings,
 * trained at start-up (deterministically, in well under a second) on the labelled financial
 * sentences this project ships ({@value #TRAINING_SET}: {@code label<TAB>sentence}).
 *
 * <p>With an aspect, only the clauses of the text that mention it are judged ("Apple rose while
 * Nokia fell", aspect Nokia: "Nokia fell"); when no clause mentions it, the whole text is.
 */
public final class SentimentHeadModel implements InferenceModel {

    public static final String TRAINING_SET = "/io/inferyx/worker/model/fabsa/financial-sentences.tsv";
    static final int EPOCHS = 400;
    static final double LEARNING_RATE = 4.0;
    static final double L2 = 1e-4;
    private static final int TRAINING_BATCH = 16;
    private static final Pattern CLAUSES = Pattern.compile(
            "(?<=[.;!?])\\s+|\\s*,?\\s+\\b(?:but|while|whereas|although|though|however|yet)\\b\\s*,?\\s*",
            Pattern.CASE_INSENSITIVE);

    private final ModelId id;
    private final SentenceEncoder encoder;
    private final boolean ownsEncoder;
    private final List<String> labels;
    private final SoftmaxHead head;

    public SentimentHeadModel(ModelId id, SentenceEncoder encoder, boolean ownsEncoder, List<String> labels) {
        this.id = id;
        this.encoder = encoder;
        this.ownsEncoder = ownsEncoder;
        this.labels = List.copyOf(labels);
        this.head = train(encoder, this.labels);
    }

    /** The labelled examples of the training set; each label must be one of {@code labels}. */
    public static List<Example> trainingSet(List<String> labels) {
        List<Example> examples = new ArrayList<>();
        try (InputStream in = SentimentHeadModel.class.getResourceAsStream(TRAINING_SET)) {
            if (in == null) {
                throw new IllegalStateException("resource " + TRAINING_SET + " is missing");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\t", 2);
                int label = labels.indexOf(parts[0].strip());
                if (parts.length != 2 || label < 0) {
                    throw new IllegalStateException(TRAINING_SET + ": bad line '" + line + "' (labels: " + labels + ")");
                }
                examples.add(new Example(parts[1].strip(), label));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return examples;
    }

    public record Example(String text, int label) { }

    static SoftmaxHead train(SentenceEncoder encoder, List<String> labels) {
        List<Example> examples = trainingSet(labels);
        float[][] x = embedAll(encoder, examples.stream().map(Example::text).toList());
        int[] y = examples.stream().mapToInt(Example::label).toArray();
        return SoftmaxHead.train(x, y, labels.size(), EPOCHS, LEARNING_RATE, L2);
    }

    /** Embeds in fixed batches, in order, so that the training is repeatable. */
    static float[][] embedAll(SentenceEncoder encoder, List<String> texts) {
        float[][] all = new float[texts.size()][];
        for (int from = 0; from < texts.size(); from += TRAINING_BATCH) {
            int to = Math.min(texts.size(), from + TRAINING_BATCH);
            float[][] part = encoder.embed(texts.subList(from, to));
            System.arraycopy(part, 0, all, from, part.length);
        }
        return all;
    }

    @Override
    public ModelId id() {
        return id;
    }

    @Override
    public List<ModelOutput> infer(List<String> inputs) {
        List<ClassifierInput> parsed = inputs.stream().map(ClassifierInput::parse).toList();
        float[][] vectors = encoder.embed(parsed.stream().map(SentimentHeadModel::focus).toList());
        List<ModelOutput> outputs = new ArrayList<>(inputs.size());
        for (int i = 0; i < vectors.length; i++) {
            double[] p = Classification.softmax(head.logits(vectors[i]));
            outputs.add(ModelOutput.success(Classification.json(labels, p, parsed.get(i).aspect())));
        }
        return outputs;
    }

    /** The part of the text the sentiment is judged on: the clauses naming the aspect, if any do. */
    static String focus(ClassifierInput input) {
        if (input.aspect() == null) {
            return input.text();
        }
        String aspect = input.aspect().toLowerCase(Locale.ROOT).strip();
        List<String> hits = new ArrayList<>();
        for (String clause : CLAUSES.split(input.text())) {
            if (clause.toLowerCase(Locale.ROOT).contains(aspect)) {
                hits.add(clause.strip());
            }
        }
        return hits.isEmpty() ? input.text() : String.join(". ", hits);
    }

    SoftmaxHead head() {
        return head;
    }

    @Override
    public void close() {
        if (ownsEncoder) {
            encoder.close();
        }
    }
}
