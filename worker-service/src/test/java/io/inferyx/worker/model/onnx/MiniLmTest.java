package io.inferyx.worker.model.onnx;

import io.inferyx.common.job.ModelId;
import io.inferyx.worker.model.ModelOutput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The built-in MiniLM: unit-length, repeatable 384-float embeddings that put related sentences close. */
class MiniLmTest {

    private static SentenceEncoder encoder;

    @BeforeAll
    static void load() {
        encoder = SentenceEncoder.miniLm(1, 128);
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    @Test
    void embeddingsHave384DimensionsAndUnitLength() {
        float[][] v = encoder.embed(List.of("The central bank raised interest rates.", "Hello"));
        assertThat(v).hasNumberOfRows(2);
        for (float[] e : v) {
            assertThat(e).hasSize(384);
            assertThat(norm(e)).isCloseTo(1.0, within(1e-4));
        }
    }

    @Test
    void theSameBatchGivesTheSameVectorsAndBatchMatesShiftThemOnlySlightly() {
        String s = "Quarterly revenue rose on strong demand for cloud services.";
        float[][] first = encoder.embed(List.of(s, "Short one."));
        float[][] again = encoder.embed(List.of(s, "Short one."));
        float[][] alone = encoder.embed(List.of(s));
        float[][] longMates = encoder.embed(List.of("A much longer sentence that pads the batch to many more tokens "
                + "than the sentence under test has, to change its batch mates.", s));
        assertThat(cosine(first[0], again[0])).isGreaterThanOrEqualTo(0.9999);
        // a quantized model's vector shifts slightly with its batch mates (padding): a tolerance, not bit-exactness
        assertThat(cosine(first[0], alone[0])).isGreaterThanOrEqualTo(0.986);
        assertThat(cosine(alone[0], longMates[1])).isGreaterThanOrEqualTo(0.986);
    }

    @Test
    void relatedSentencesScoreCloserThanUnrelatedOnes() {
        float[][] v = encoder.embed(List.of(
                "The company's profit increased sharply this quarter.",
                "Quarterly earnings rose strongly at the firm.",
                "My cat likes to sleep in the sun.",
                "How do I bake sourdough bread?"));
        assertThat(cosine(v[0], v[1])).isGreaterThan(cosine(v[0], v[2]) + 0.2);
        assertThat(cosine(v[0], v[1])).isGreaterThan(cosine(v[0], v[3]) + 0.2);
        assertThat(cosine(v[2], v[3])).isLessThan(cosine(v[0], v[1]));
    }

    @Test
    void theModelAnswersOneJsonEmbeddingPerInput() {
        EmbeddingModel model = new EmbeddingModel(ModelId.of("minilm"), encoder, false);
        List<ModelOutput> out = model.infer(List.of("one", "two", "three"));
        assertThat(out).hasSize(3).allSatisfy(o -> {
            JsonNode json = JsonMapper.shared().readTree(((ModelOutput.Success) o).resultJson());
            assertThat(json.get("embedding").size()).isEqualTo(384);
        });
    }

    static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
        }
        return dot / (norm(a) * norm(b));
    }
}
