package io.inferyx.worker.model.onnx;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClassifierInputTest {

    @Test
    void plainTextHasNoAspect() {
        assertThat(ClassifierInput.parse("Shares rose")).isEqualTo(new ClassifierInput("Shares rose", null));
    }

    @Test
    void theApiEncodingCarriesTextAndAspect() {
        assertThat(ClassifierInput.parse("{\"text\":\"Nokia fell\",\"aspect\":\"Nokia\"}"))
                .isEqualTo(new ClassifierInput("Nokia fell", "Nokia"));
    }

    @Test
    void otherJsonIsPlainText() {
        String other = "{\"text\":\"x\",\"extra\":1}";
        assertThat(ClassifierInput.parse(other)).isEqualTo(new ClassifierInput(other, null));
        assertThat(ClassifierInput.parse("{not json}")).isEqualTo(new ClassifierInput("{not json}", null));
    }

    @Test
    void theFocusIsTheClausesNamingTheAspect() {
        ClassifierInput in = new ClassifierInput("Apple rose 3% while Nokia fell 5%. Markets were calm.", "nokia");
        assertThat(SentimentHeadModel.focus(in)).isEqualTo("Nokia fell 5%.");
        assertThat(SentimentHeadModel.focus(new ClassifierInput("No mention here", "Nokia"))).isEqualTo("No mention here");
    }
}
