package io.inferyx.worker.model.onnx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generates a tiny sequence-classification model in a folder of the model repository, the way a
 * user would drop in an export: {@code model.onnx} (written here as ONNX protobuf bytes),
 * {@code tokenizer.json} (a word-level tokenizer) and {@code model.properties}.
 *
 * <p>The graph (opset 11) takes {@code input_ids} and {@code attention_mask}, int64
 * {@code [batch, seq]}, looks each token up in a 3-wide embedding table ({@code Gather}),
 * averages over the attention mask and maps the mean to {@code logits [batch, 3]}
 * ({@code MatMul}, {@code Add}). Each word of the vocabulary votes for one class: the positive
 * words for Positive, and so on; unknown words and padding vote for none.
 */
public final class TinyOnnxClassifier {

    public static final List<String> LABELS = List.of("Negative", "Neutral", "Positive");
    static final List<String> NEGATIVE = List.of("bad", "loss", "fell", "weak", "cut", "plunge", "miss");
    static final List<String> NEUTRAL = List.of("meeting", "report", "date", "office", "held", "schedule");
    static final List<String> POSITIVE = List.of("good", "profit", "rose", "strong", "beat", "record", "gain");

    private TinyOnnxClassifier() {
    }

    /** Writes the three files into {@code folder} (created if needed); answers the folder. */
    public static Path writeTo(Path folder, String extraProperties) {
        try {
            Files.createDirectories(folder);
            Files.write(folder.resolve("model.onnx"), model());
            Files.writeString(folder.resolve("tokenizer.json"), tokenizerJson());
            Files.writeString(folder.resolve("model.properties"), """
                    type=sequence-classification
                    labels=Negative,Neutral,Positive
                    aspect=true
                    max-batch-size=4
                    max-wait=10ms
                    intra-op-threads=1
                    workers.min=1
                    workers.max=1
                    """ + extraProperties);
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Integer> vocabulary() {
        Map<String, Integer> vocab = new LinkedHashMap<>();
        vocab.put("[PAD]", 0);
        vocab.put("[UNK]", 1);
        for (List<String> words : List.of(NEGATIVE, NEUTRAL, POSITIVE)) {
            words.forEach(w -> vocab.put(w, vocab.size()));
        }
        return vocab;
    }

    static String tokenizerJson() {
        StringBuilder vocab = new StringBuilder();
        vocabulary().forEach((w, id) -> vocab.append(vocab.isEmpty() ? "" : ",").append('"').append(w).append("\":").append(id));
        return """
                {"version":"1.0","truncation":null,"padding":null,
                 "added_tokens":[
                  {"id":0,"content":"[PAD]","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true},
                  {"id":1,"content":"[UNK]","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true}],
                 "normalizer":{"type":"Lowercase"},
                 "pre_tokenizer":{"type":"Whitespace"},
                 "post_processor":null,
                 "decoder":null,
                 "model":{"type":"WordLevel","vocab":{%s},"unk_token":"[UNK]"}}
                """.formatted(vocab);
    }

    /** The ONNX ModelProto, encoded by hand (field numbers from onnx.proto). */
    static byte[] model() {
        int vocab = vocabulary().size();
        float[] table = new float[vocab * 3];
        Map<String, Integer> ids = vocabulary();
        List<List<String>> classes = List.of(NEGATIVE, NEUTRAL, POSITIVE);
        for (int c = 0; c < 3; c++) {
            for (String w : classes.get(c)) {
                table[ids.get(w) * 3 + c] = 1f;
            }
        }
        float[] weights = {4, 0, 0, 0, 4, 0, 0, 0, 4};
        float[] bias = {0, 0.5f, 0};

        Proto graph = new Proto()
                .message(1, node("Gather", List.of("embedding", "input_ids"), "tokens", null))
                .message(1, node("Cast", List.of("attention_mask"), "mask_f", intAttr("to", 1)))
                .message(1, node("Unsqueeze", List.of("mask_f"), "mask_3", intsAttr("axes", 2)))
                .message(1, node("Mul", List.of("tokens", "mask_3"), "masked", null))
                .message(1, node("ReduceSum", List.of("masked"), "summed", intsAttr("axes", 1), intAttr("keepdims", 0)))
                .message(1, node("ReduceSum", List.of("mask_3"), "count", intsAttr("axes", 1), intAttr("keepdims", 0)))
                .message(1, node("Div", List.of("summed", "count"), "mean", null))
                .message(1, node("MatMul", List.of("mean", "weights"), "scores", null))
                .message(1, node("Add", List.of("scores", "bias"), "logits", null))
                .string(2, "tiny-sequence-classifier")
                .message(5, floatTensor("embedding", table, vocab, 3))
                .message(5, floatTensor("weights", weights, 3, 3))
                .message(5, floatTensor("bias", bias, 3))
                .message(11, valueInfo("input_ids", 7, "batch", "seq"))
                .message(11, valueInfo("attention_mask", 7, "batch", "seq"))
                .message(12, valueInfo("logits", 1, "batch", 3));
        return new Proto()
                .varint(1, 7)                      // ir_version
                .string(2, "inferyx-test-fixture") // producer_name
                .message(7, graph)
                .message(8, new Proto().string(1, "").varint(2, 11)) // opset_import: default domain, 11
                .bytes();
    }

    private static Proto node(String op, List<String> inputs, String output, Proto... attributes) {
        Proto node = new Proto();
        inputs.forEach(i -> node.string(1, i));
        node.string(2, output).string(3, op + "_" + output).string(4, op);
        if (attributes != null) {
            for (Proto a : attributes) {
                if (a != null) {
                    node.message(5, a);
                }
            }
        }
        return node;
    }

    private static Proto intAttr(String name, long value) {
        return new Proto().string(1, name).varint(3, value).varint(20, 2); // type INT
    }

    private static Proto intsAttr(String name, long value) {
        return new Proto().string(1, name).varint(8, value).varint(20, 7); // type INTS
    }

    private static Proto floatTensor(String name, float[] values, long... dims) {
        Proto t = new Proto();
        for (long d : dims) {
            t.varint(1, d);
        }
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            raw.putFloat(v);
        }
        return t.varint(2, 1).string(8, name).raw(9, raw.array()); // FLOAT, name, raw_data
    }

    private static Proto valueInfo(String name, int elemType, Object... dims) {
        Proto shape = new Proto();
        for (Object d : dims) {
            shape.message(1, d instanceof String param ? new Proto().string(2, param)
                    : new Proto().varint(1, ((Number) d).longValue()));
        }
        Proto tensor = new Proto().varint(1, elemType).message(2, shape);
        return new Proto().string(1, name).message(2, new Proto().message(1, tensor));
    }

    /** Just enough of the protobuf wire format: varints and length-delimited fields. */
    private static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto varint(int field, long value) {
            writeVarint((long) field << 3);
            writeVarint(value);
            return this;
        }

        Proto string(int field, String value) {
            return raw(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Proto message(int field, Proto message) {
            return raw(field, message.bytes());
        }

        Proto raw(int field, byte[] bytes) {
            writeVarint(((long) field << 3) | 2);
            writeVarint(bytes.length);
            out.writeBytes(bytes);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void writeVarint(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }
    }
}
