package io.inferyx.worker.model.onnx;

import io.inferyx.common.job.ModelId;
import io.inferyx.common.models.ModelRepository;
import io.inferyx.worker.model.InferenceModel;
import io.inferyx.worker.model.ModelOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** A sequence-classification export dropped into a repository folder is loaded and served as is. */
class DropInModelTest {

    @TempDir
    Path repository;

    @Test
    void aDroppedInExportIsServedInsteadOfTheHead() {
        TinyOnnxClassifier.writeTo(repository.resolve("fabsa"), "fallback=minilm-head\n");
        ModelId fabsa = ModelId.of("fabsa");
        try (OnnxModels models = new OnnxModels(ModelRepository.load(repository), Set.of(fabsa))) {
            InferenceModel model = models.models().iterator().next();
            assertThat(model).isInstanceOf(SequenceClassificationModel.class);
            List<ModelOutput> out = model.infer(List.of("Profit rose to a record", "Bad quarter: loss and weak sales",
                    "The meeting date", "{\"text\":\"Acme profit rose\",\"aspect\":\"Acme\"}"));
            assertThat(out).hasSize(4);
            assertThat(label(out.get(0))).isEqualTo("Positive");
            assertThat(label(out.get(1))).isEqualTo("Negative");
            assertThat(label(out.get(2))).isEqualTo("Neutral");
            JsonNode paired = json(out.get(3));
            assertThat(paired.get("label").stringValue()).isEqualTo("Positive");
            assertThat(paired.get("aspect").stringValue()).isEqualTo("Acme");
            JsonNode p = json(out.get(0)).get("probabilities");
            assertThat(p.get("Negative").asDouble() + p.get("Neutral").asDouble() + p.get("Positive").asDouble())
                    .isBetween(0.9999, 1.0001);
        }
    }

    private static String label(ModelOutput o) {
        return json(o).get("label").stringValue();
    }

    private static JsonNode json(ModelOutput o) {
        return JsonMapper.shared().readTree(((ModelOutput.Success) o).resultJson());
    }
}
