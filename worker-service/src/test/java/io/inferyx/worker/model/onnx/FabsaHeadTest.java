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

/**
 * The built-in fabsa head on MiniLM embeddings, judged on clear-cut headlines that are not in
 * its training set.
 */
class FabsaHeadTest {

    static final List<String> LABELS = List.of("Negative", "Neutral", "Positive");

    /** Held out: written for this test, none of them in financial-sentences.tsv. */
    static final List<String[]> HELD_OUT = List.of(
            new String[] {"Positive", "Profits soar as the retailer's online sales boom"},
            new String[] {"Positive", "Tech giant smashes revenue forecasts and lifts guidance"},
            new String[] {"Positive", "Carmaker posts record quarterly profit"},
            new String[] {"Positive", "Bank shares rally after earnings beat expectations"},
            new String[] {"Positive", "Drugmaker's sales jump 40% on blockbuster demand"},
            new String[] {"Positive", "Steelmaker returns to profit and raises its dividend"},
            new String[] {"Positive", "Airline profit surges as travel demand rebounds"},
            new String[] {"Positive", "Chip designer's earnings climb to an all-time high"},
            new String[] {"Positive", "Brewer beats estimates as sales grow strongly"},
            new String[] {"Positive", "Insurer raises its profit outlook after a strong quarter"},
            new String[] {"Negative", "Profits slump as the retailer's sales collapse"},
            new String[] {"Negative", "Tech giant misses revenue forecasts and cuts guidance"},
            new String[] {"Negative", "Carmaker posts a record quarterly loss"},
            new String[] {"Negative", "Bank shares tumble after earnings disappoint"},
            new String[] {"Negative", "Drugmaker's sales plunge 40% as patents expire"},
            new String[] {"Negative", "Steelmaker slides into the red and scraps its dividend"},
            new String[] {"Negative", "Airline losses deepen as fuel costs surge"},
            new String[] {"Negative", "Chip designer's earnings fall to a five-year low"},
            new String[] {"Negative", "Brewer warns of falling profit and cuts jobs"},
            new String[] {"Negative", "Insurer lowers its profit outlook after heavy losses"},
            new String[] {"Neutral", "The retailer will report its quarterly results on Thursday"},
            new String[] {"Neutral", "Tech giant names a new head of its European business"},
            new String[] {"Neutral", "Carmaker to hold its annual shareholder meeting in May"},
            new String[] {"Neutral", "The bank is headquartered in Zurich"},
            new String[] {"Neutral", "Drugmaker schedules a conference call with analysts"},
            new String[] {"Neutral", "Steelmaker's shares will be traded on the Frankfurt exchange"},
            new String[] {"Neutral", "The airline flies to 45 cities in Asia"},
            new String[] {"Neutral", "Chip designer moves its head office to Austin"},
            new String[] {"Neutral", "The brewer operates plants in six countries"},
            new String[] {"Neutral", "The insurer publishes its annual report in March"});

    private static SentenceEncoder encoder;
    private static SentimentHeadModel model;

    @BeforeAll
    static void load() {
        encoder = SentenceEncoder.miniLm(1, 128);
        model = new SentimentHeadModel(ModelId.of("fabsa"), encoder, false, LABELS);
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    @Test
    void labelsClearCutHeldOutHeadlinesWithAtLeast80PercentAccuracy() {
        List<String> texts = HELD_OUT.stream().map(h -> h[1]).toList();
        int right = 0;
        for (int from = 0; from < texts.size(); from += 8) {
            List<ModelOutput> out = model.infer(texts.subList(from, Math.min(texts.size(), from + 8)));
            for (int k = 0; k < out.size(); k++) {
                String label = json(out.get(k)).get("label").stringValue();
                if (label.equals(HELD_OUT.get(from + k)[0])) {
                    right++;
                } else {
                    System.out.println("fabsa mislabelled as " + label + ": " + HELD_OUT.get(from + k)[1]);
                }
            }
        }
        double accuracy = (double) right / texts.size();
        System.out.println("fabsa held-out accuracy: " + accuracy);
        assertThat(accuracy).isGreaterThanOrEqualTo(0.8);
    }

    @Test
    void answersALabelAndThreeProbabilitiesThatSumToOne() {
        JsonNode r = json(model.infer(List.of("Shares jumped after record profits")).getFirst());
        assertThat(LABELS).contains(r.get("label").stringValue());
        JsonNode p = r.get("probabilities");
        assertThat(p.size()).isEqualTo(3);
        assertThat(p.get("Negative").asDouble() + p.get("Neutral").asDouble() + p.get("Positive").asDouble())
                .isCloseTo(1.0, within(1e-4));
    }

    @Test
    void anAspectJudgesTheClausesAboutIt() {
        String text = "Acme's profit soared to a record, while Globex reported a heavy loss and cut jobs.";
        JsonNode acme = json(model.infer(List.of("{\"text\":\"" + text + "\",\"aspect\":\"Acme\"}")).getFirst());
        JsonNode globex = json(model.infer(List.of("{\"text\":\"" + text + "\",\"aspect\":\"Globex\"}")).getFirst());
        assertThat(acme.get("aspect").stringValue()).isEqualTo("Acme");
        assertThat(acme.get("label").stringValue()).isEqualTo("Positive");
        assertThat(globex.get("label").stringValue()).isEqualTo("Negative");
    }

    @Test
    void trainingIsRepeatable() {
        SoftmaxHead again = SentimentHeadModel.train(encoder, LABELS);
        float[] x = encoder.embed(List.of("Revenue grew strongly")).clone()[0];
        float[] a = model.head().logits(x);
        float[] b = again.logits(x);
        for (int c = 0; c < a.length; c++) {
            assertThat(b[c]).isCloseTo(a[c], within(1e-4f));
        }
    }

    private static JsonNode json(ModelOutput output) {
        return JsonMapper.shared().readTree(((ModelOutput.Success) output).resultJson());
    }
}
