package io.inferyx.worker.model.onnx;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.util.PairList;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Texts encoded one by one and padded by {@link TextTokenizer} give exactly the tensors of the
 * library's own padded batch encoding, with truncation, pairs and a pad id that is not 0.
 */
class TextTokenizerTest {

    private static final int MAX_LENGTH = 16;
    private static final List<String> TEXTS = List.of("Revenue rose.", "The bank cut its outlook for the year again",
            "a", "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen");

    /** A word-level tokenizer whose [PAD] is id 2; %s is its padding block. */
    private static final String WORD_LEVEL = """
            {"version":"1.0","truncation":null,"padding":%s,
             "added_tokens":[
              {"id":0,"content":"[UNK]","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true},
              {"id":2,"content":"[PAD]","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true}],
             "normalizer":{"type":"Lowercase"},"pre_tokenizer":{"type":"Whitespace"},
             "post_processor":null,"decoder":null,
             "model":{"type":"WordLevel","vocab":{"[UNK]":0,"a":1,"[PAD]":2,"revenue":3,"rose":4},"unk_token":"[UNK]"}}
            """;

    @Test
    void encodesLikeThePaddedBatchOfMiniLmsTokenizer() throws IOException {
        assertSameAsBatchEncoding(() -> resource(SentenceEncoder.MINILM_TOKENIZER));
    }

    @Test
    void padsWithTheTokenizersOwnPadIdWhenItIsNotZero() throws IOException {
        Tokens tokens = wordLevelBatch("Right", 0);
        assertThat(tokens.ids()[0]).containsExactly(1, 2, 2);
        assertThat(tokens.mask()[0]).containsExactly(1, 0, 0);
    }

    @Test
    void padsOnTheLeftWithThePadTypeIdWhenTheTokenizerDoesSo() throws IOException {
        Tokens tokens = wordLevelBatch("Left", 1);
        assertThat(tokens.ids()[0]).containsExactly(2, 2, 1);
        assertThat(tokens.mask()[0]).containsExactly(0, 0, 1);
        assertThat(tokens.typeIds()[0]).containsExactly(1, 1, 0);
    }

    /** "a" padded to the length of "revenue rose a" by the word-level tokenizer, checked against the batch encoding. */
    private static Tokens wordLevelBatch(String direction, int padTypeId) throws IOException {
        String json = WORD_LEVEL.formatted("""
                {"strategy":"BatchLongest","direction":"%s","pad_to_multiple_of":null,
                 "pad_id":2,"pad_type_id":%d,"pad_token":"[PAD]"}""".formatted(direction, padTypeId));
        assertSameAsBatchEncoding(() -> new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        try (TextTokenizer tokenizer = TextTokenizer.fromStream(
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), MAX_LENGTH)) {
            return tokenizer.encode(List.of("a", "revenue rose a"));
        }
    }

    private interface Source {
        InputStream open() throws IOException;
    }

    private static void assertSameAsBatchEncoding(Source json) throws IOException {
        try (InputStream ours = json.open(); InputStream theirs = json.open();
             TextTokenizer tokenizer = TextTokenizer.fromStream(ours, MAX_LENGTH);
             HuggingFaceTokenizer batch = HuggingFaceTokenizer.newInstance(theirs, Map.of("padding", "true",
                     "truncation", "true", "maxLength", Integer.toString(MAX_LENGTH)))) {
            assertSame(tokenizer.encode(TEXTS), batch.batchEncode(TEXTS));
            List<String> aspects = List.of("revenue", "the bank", "a", "seven");
            assertSame(tokenizer.encodePairs(TEXTS, aspects), batch.batchEncode(new PairList<>(TEXTS, aspects)));
        }
    }

    private static void assertSame(Tokens tokens, Encoding[] expected) {
        assertThat(tokens.batchSize()).isEqualTo(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(tokens.ids()[i]).as("ids of %d", i).containsExactly(expected[i].getIds());
            assertThat(tokens.mask()[i]).as("mask of %d", i).containsExactly(expected[i].getAttentionMask());
            assertThat(tokens.typeIds()[i]).as("type ids of %d", i).containsExactly(expected[i].getTypeIds());
        }
    }

    private static InputStream resource(String name) {
        return TextTokenizerTest.class.getResourceAsStream(name);
    }
}
