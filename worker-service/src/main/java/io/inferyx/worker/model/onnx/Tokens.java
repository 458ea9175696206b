package io.inferyx.worker.model.onnx;

/**
 * A tokenized batch, padded to its longest input: {@code ids}, {@code mask} (1 for a token, 0
 * for padding) and {@code typeIds}, each {@code [batch][length]}.
 */
public record Tokens(long[][] ids, long[][] mask, long[][] typeIds) {

    public int batchSize() {
        return ids.length;
    }

    public int length() {
        return ids.length == 0 ? 0 : ids[0].length;
    }
}
