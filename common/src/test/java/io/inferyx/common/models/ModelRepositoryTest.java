package io.inferyx.common.models;

import io.inferyx.common.job.ModelId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelRepositoryTest {

    @TempDir
    Path dir;

    @Test
    void everyFolderWithAConfigIsAModel() throws IOException {
        write("minilm", "type=embedding\nsource=builtin:all-minilm-l6-v2-q\nmax-batch-size=8\nmax-wait=20ms\n"
                + "intra-op-threads=2\nworkers.min=1\nworkers.max=3\n");
        write("fabsa", "type=sequence-classification\nlabels=Negative, Neutral ,Positive\naspect=true\n");
        Files.createDirectories(dir.resolve("notes"));

        ModelRepository repo = ModelRepository.load(dir);

        assertThat(repo.ids()).containsExactly(ModelId.of("fabsa"), ModelId.of("minilm"));
        ModelConfig minilm = repo.find(ModelId.of("minilm")).orElseThrow();
        assertThat(minilm.maxBatchSize()).isEqualTo(8);
        assertThat(minilm.maxWait()).isEqualTo(Duration.ofMillis(20));
        assertThat(minilm.intraOpThreads()).isEqualTo(2);
        assertThat(minilm.minWorkers()).isEqualTo(1);
        assertThat(minilm.maxWorkers()).isEqualTo(3);
        assertThat(minilm.maxLength()).isEqualTo(128);
        ModelConfig fabsa = repo.find(ModelId.of("fabsa")).orElseThrow();
        assertThat(fabsa.labels()).containsExactly("Negative", "Neutral", "Positive");
        assertThat(repo.acceptsAspect(fabsa.id())).isTrue();
        assertThat(repo.acceptsAspect(minilm.id())).isFalse();
        assertThat(fabsa.intraOpThreads()).isEqualTo(1);
        assertThat(fabsa.maxBatchSize()).isNull();
    }

    @Test
    void aMissingRepositoryIsEmpty() {
        assertThat(ModelRepository.load(dir.resolve("nowhere")).ids()).isEmpty();
    }

    @Test
    void badConfigsNameTheFileAndTheKey() throws IOException {
        write("a", "type=embedding\nmax-batch-size=0\n");
        assertThatThrownBy(() -> ModelRepository.load(dir)).hasMessageContaining("model.properties")
                .hasMessageContaining("max-batch-size");
        write("a", "type=rocket\n");
        assertThatThrownBy(() -> ModelRepository.load(dir)).hasMessageContaining("type must be one of");
        write("a", "type=sequence-classification\nlabels=One\n");
        assertThatThrownBy(() -> ModelRepository.load(dir)).hasMessageContaining("labels");
        write("a", "type=embedding\nmax-wiat=1s\n");
        assertThatThrownBy(() -> ModelRepository.load(dir)).hasMessageContaining("unknown key 'max-wiat'");
        Files.delete(dir.resolve("a/model.properties"));
        write("Bad_Name", "type=embedding\n");
        assertThatThrownBy(() -> ModelRepository.load(dir)).hasMessageContaining("folder name");
    }

    @Test
    void theRepositoryBecomesServedModelsAndBatchingOverrides() throws IOException {
        write("minilm", "type=embedding\nmax-batch-size=8\nmax-wait=20ms\n");
        write("zeta", "type=embedding\n");
        Map<String, Object> props = ModelRepositoryEnvironment.properties(ModelRepository.load(dir));
        assertThat(props).containsEntry("inferyx.models.discovered[0]", "minilm")
                .containsEntry("inferyx.models.discovered[1]", "zeta")
                .containsEntry("inferyx.batching.models.minilm.max-batch-size", "8")
                .containsEntry("inferyx.batching.models.minilm.max-wait", "20ms")
                .doesNotContainKey("inferyx.batching.models.zeta.max-batch-size");
    }

    @Test
    void servedModelsAreTheConfiguredOnesThenTheRepository() {
        var models = new io.inferyx.common.config.ModelsProperties(List.of("mock"), "onnx", List.of("minilm", "mock"));
        assertThat(models.ids()).containsExactly(ModelId.of("mock"), ModelId.of("minilm"));
        assertThat(models.serves("minilm")).isTrue();
        assertThat(models.serves("other")).isFalse();
    }

    private void write(String model, String content) throws IOException {
        Files.createDirectories(dir.resolve(model));
        Files.writeString(dir.resolve(model).resolve(ModelRepository.CONFIG_FILE), content);
    }
}
