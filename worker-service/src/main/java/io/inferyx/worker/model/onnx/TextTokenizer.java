package io.inferyx.worker.model.onnx;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.util.PairList;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A Hugging Face {@code tokenizer.json}, loaded from a file or a stream (never from a hub),
 * that pads each batch to its longest input and truncates at {@code maxLength} tokens.
 * Thread-safe: the native tokenizer is immutable once built.
 */
public final class TextTokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;

    private TextTokenizer(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    public static TextTokenizer fromFile(Path tokenizerJson, int maxLength) {
        try (InputStream in = Files.newInputStream(tokenizerJson)) {
            return fromStream(in, maxLength);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + tokenizerJson, e);
        }
    }

    public static TextTokenizer fromStream(InputStream tokenizerJson, int maxLength) throws IOException {
        Map<String, String> options = Map.of("padding", "true", "truncation", "true",
                "maxLength", Integer.toString(maxLength));
        return new TextTokenizer(HuggingFaceTokenizer.newInstance(tokenizerJson, options));
    }

    /** Tokenizes single texts. */
    public Tokens encode(List<String> texts) {
        return tokens(tokenizer.batchEncode(texts));
    }

    /** Tokenizes text pairs (such as a sentence and the aspect it is judged on). */
    public Tokens encodePairs(List<String> first, List<String> second) {
        PairList<String, String> pairs = new PairList<>(first, second);
        return tokens(tokenizer.batchEncode(pairs));
    }

    private static Tokens tokens(Encoding[] encodings) {
        int length = Arrays.stream(encodings).mapToInt(e -> e.getIds().length).max().orElse(0);
        int n = encodings.length;
        long[][] ids = new long[n][length];
        long[][] mask = new long[n][length];
        long[][] types = new long[n][length];
        for (int i = 0; i < n; i++) {
            // the tokenizer pads already; copying into fixed rows also covers one configured without padding
            long[] e = encodings[i].getIds();
            System.arraycopy(e, 0, ids[i], 0, e.length);
            System.arraycopy(encodings[i].getAttentionMask(), 0, mask[i], 0, e.length);
            System.arraycopy(encodings[i].getTypeIds(), 0, types[i], 0, e.length);
        }
        return new Tokens(ids, mask, types);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
