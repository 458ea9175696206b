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
 * <p>Each text is encoded on the calling thread and padded here, with the id the tokenizer
 * itself pads with. The library's batch encoding hands a batch to a native thread pool: for the
 * short batches of a worker that cost twice the CPU per sentence (about 55 µs against 31 µs for
 * MiniLM), and its threads competed with the workers for the cores.
 */
public final class TextTokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;
    private final long padId;

    private TextTokenizer(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
        this.padId = padIdOf(tokenizer);
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

    /** The id the tokenizer pads a batch with, read off a batch of a short and a longer text. */
    private static long padIdOf(HuggingFaceTokenizer tokenizer) {
        Encoding[] both = tokenizer.batchEncode(List.of("a", "a a a a a a a a"));
        long[] shortIds = both[0].getIds();
        long[] shortMask = both[0].getAttentionMask();
        for (int t = shortIds.length - 1; t >= 0; t--) {
            if (shortMask[t] == 0) {
                return shortIds[t];
            }
        }
        return 0;
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
            long[] e = encodings[i].getIds();
            System.arraycopy(e, 0, ids[i], 0, e.length);
            Arrays.fill(ids[i], e.length, length, padId);
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
