package io.inferyx.worker.model.onnx;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

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
 *
 * <p>Each text is encoded on the calling thread and padded here as the tokenizer itself pads
 * (its pad id and type id, on its side). The library's batch encoding hands a batch to a native
 * thread pool: for the short batches of a worker that cost twice the CPU per sentence (about
 * 55 µs against 31 µs for MiniLM), and its threads competed with the workers for the cores.
 */
public final class TextTokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;
    private final Padding padding;

    private TextTokenizer(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
        this.padding = Padding.of(tokenizer);
    }

    /** How the tokenizer pads a batch: the pad token's id and type id, and on which side. */
    record Padding(long id, long typeId, boolean left) {

        /** Read off the tokenizer's own padded batch of a short and a longer text; right, with 0s, if it shows none. */
        static Padding of(HuggingFaceTokenizer tokenizer) {
            Encoding shorter = tokenizer.batchEncode(List.of("a", "a a a a a a a a"))[0];
            long[] mask = shorter.getAttentionMask();
            if (mask.length == 0 || (mask[0] != 0 && mask[mask.length - 1] != 0)) {
                return new Padding(0, 0, false);
            }
            int padded = mask[mask.length - 1] == 0 ? mask.length - 1 : 0;
            return new Padding(shorter.getIds()[padded], shorter.getTypeIds()[padded], padded == 0);
        }
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
        Encoding[] encodings = new Encoding[texts.size()];
        for (int i = 0; i < encodings.length; i++) {
            encodings[i] = tokenizer.encode(texts.get(i));
        }
        return tokens(encodings);
    }

    /** Tokenizes text pairs (such as a sentence and the aspect it is judged on). */
    public Tokens encodePairs(List<String> first, List<String> second) {
        Encoding[] encodings = new Encoding[first.size()];
        for (int i = 0; i < encodings.length; i++) {
            encodings[i] = tokenizer.encode(first.get(i), second.get(i));
        }
        return tokens(encodings);
    }

    private Tokens tokens(Encoding[] encodings) {
        int length = Arrays.stream(encodings).mapToInt(e -> e.getIds().length).max().orElse(0);
        int n = encodings.length;
        long[][] ids = new long[n][length];
        long[][] mask = new long[n][length];
        long[][] types = new long[n][length];
        for (int i = 0; i < n; i++) {
            Encoding e = encodings[i];
            int tokens = e.getIds().length;
            int from = padding.left() ? length - tokens : 0; // where the text's own tokens start
            int padFrom = padding.left() ? 0 : tokens;
            Arrays.fill(ids[i], padFrom, padFrom + length - tokens, padding.id());
            Arrays.fill(types[i], padFrom, padFrom + length - tokens, padding.typeId());
            System.arraycopy(e.getIds(), 0, ids[i], from, tokens);
            System.arraycopy(e.getAttentionMask(), 0, mask[i], from, tokens);
            System.arraycopy(e.getTypeIds(), 0, types[i], from, tokens);
        }
        return new Tokens(ids, mask, types);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
