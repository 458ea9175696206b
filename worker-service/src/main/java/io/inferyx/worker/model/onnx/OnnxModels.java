package io.inferyx.worker.model.onnx;

import io.inferyx.common.job.ModelId;
import io.inferyx.common.models.ModelConfig;
import io.inferyx.common.models.ModelRepository;
import io.inferyx.worker.model.InferenceModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Opens the ONNX models of the repository the worker serves, once, at start-up, warms each up
 * with a small batch, and closes them all on shutdown.
 *
 * <ul>
 *   <li>{@code type=embedding}: {@code model.onnx} and {@code tokenizer.json} of the folder, or,
 *       with {@code source=builtin:all-minilm-l6-v2-q}, the quantized MiniLM shipped on the classpath.</li>
 *   <li>{@code type=sequence-classification}: {@code model.onnx} and {@code tokenizer.json} of the
 *       folder; when the folder has no {@code model.onnx} and says {@code fallback=minilm-head},
 *       a softmax head on the built-in MiniLM embeddings, trained at start-up.</li>
 * </ul>
 */
public final class OnnxModels implements AutoCloseable {

    public static final String BUILTIN_MINILM = "builtin:all-minilm-l6-v2-q";
    public static final String MINILM_HEAD = "minilm-head";
    private static final Logger log = LoggerFactory.getLogger(OnnxModels.class);
    private static final List<String> WARM_UP = List.of("Inferyx warms the model up.", "Shares rose 3% on strong results.");

    private final Map<ModelId, InferenceModel> models = new LinkedHashMap<>();
    // every encoder session this class opened (the built-in MiniLM is shared by the models that use it)
    private final Map<String, SentenceEncoder> encoders = new LinkedHashMap<>();

    /** Loads the models of {@code repository} that are in {@code served}. */
    public OnnxModels(ModelRepository repository, Set<ModelId> served) {
        try {
            for (ModelConfig config : repository.models()) {
                if (served.contains(config.id())) {
                    long start = System.nanoTime();
                    InferenceModel model = load(config);
                    models.put(config.id(), model);
                    model.infer(WARM_UP);
                    log.info("Model {} ({}) loaded and warmed up in {} ms", config.id(), describe(config),
                            (System.nanoTime() - start) / 1_000_000);
                }
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public Collection<InferenceModel> models() {
        return models.values();
    }

    private InferenceModel load(ModelConfig config) {
        return switch (config.type()) {
            case ModelConfig.EMBEDDING -> new EmbeddingModel(config.id(), encoder(config), false);
            case ModelConfig.SEQUENCE_CLASSIFICATION -> classifier(config);
            default -> throw new IllegalArgumentException(config.file(ModelRepository.CONFIG_FILE)
                    + ": unknown type " + config.type());
        };
    }

    private SentenceEncoder encoder(ModelConfig config) {
        if (Files.isRegularFile(config.file("model.onnx"))) {
            SentenceEncoder own = new SentenceEncoder(tokenizer(config),
                    OnnxSession.open(config.file("model.onnx"), config.intraOpThreads()));
            encoders.put("own:" + config.id(), own);
            return own;
        }
        String source = config.property("source").orElse(null);
        if (!BUILTIN_MINILM.equals(source)) {
            throw new IllegalArgumentException(config.directory() + ": an embedding model needs model.onnx and "
                    + "tokenizer.json in its folder, or source=" + BUILTIN_MINILM);
        }
        return builtinMiniLm(config.intraOpThreads(), config.maxLength());
    }

    private InferenceModel classifier(ModelConfig config) {
        Path onnx = config.file("model.onnx");
        if (Files.isRegularFile(onnx)) {
            TextTokenizer tokenizer = tokenizer(config);
            return new SequenceClassificationModel(config.id(), tokenizer,
                    OnnxSession.open(onnx, config.intraOpThreads()), config.labels());
        }
        if (MINILM_HEAD.equals(config.property("fallback").orElse(null))) {
            return new SentimentHeadModel(config.id(), builtinMiniLm(config.intraOpThreads(), config.maxLength()),
                    false, config.labels());
        }
        throw new IllegalArgumentException(config.directory() + ": no model.onnx, and no fallback=" + MINILM_HEAD);
    }

    private static TextTokenizer tokenizer(ModelConfig config) {
        Path json = config.file("tokenizer.json");
        if (!Files.isRegularFile(json)) {
            throw new IllegalArgumentException(config.directory() + ": model.onnx needs its tokenizer.json beside it");
        }
        return TextTokenizer.fromFile(json, config.maxLength());
    }

    /** One session of the built-in MiniLM per thread setting, shared by the models that use it. */
    private SentenceEncoder builtinMiniLm(int threads, int maxLength) {
        return encoders.computeIfAbsent(BUILTIN_MINILM + "/" + threads + "/" + maxLength,
                k -> SentenceEncoder.miniLm(threads, maxLength));
    }

    private static String describe(ModelConfig config) {
        return config.type() + (Files.isRegularFile(config.file("model.onnx")) ? ", model.onnx"
                : ", " + config.property("source").or(() -> config.property("fallback")).orElse("?"))
                + ", " + config.intraOpThreads() + " intra-op thread(s)";
    }

    @Override
    public void close() {
        List<AutoCloseable> all = new ArrayList<>(models.values());
        all.addAll(encoders.values());
        for (AutoCloseable c : all) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("Closing {} failed ({})", c, e.toString());
            }
        }
        models.clear();
        encoders.clear();
    }
}
