package io.inferyx.worker.model.mock;

import io.inferyx.worker.model.ModelOutput;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.within;

class MockModelTest {

    private final List<Duration> slept = Collections.synchronizedList(new ArrayList<>());

    private MockModel model(long baseMs, long perItemMs, double jitter, double failureRate, int capacity) {
        MockModelProperties properties = new MockModelProperties(Duration.ofMillis(baseMs), Duration.ofMillis(perItemMs),
                jitter, failureRate, capacity, 42L);
        return new MockModel(properties, slept::add);
    }

    @Test
    void answersTheUpperCasedInputAsAJsonString() {
        List<ModelOutput> outputs = model(0, 0, 0, 0, 16).infer(List.of("hello", "say \"hi\""));

        assertThat(outputs).containsExactly(
                ModelOutput.success("\"[mock] HELLO\""),
                ModelOutput.success("\"[mock] SAY \\\"HI\\\"\""));
    }

    @Test
    void failsAboutTheConfiguredShareOfItemsIndependentlyAndRetryably() {
        MockModel model = model(0, 0, 0, 0.1, 16);
        List<String> batch = Collections.nCopies(16, "x");

        List<ModelOutput> outputs = IntStream.range(0, 1000).boxed().flatMap(i -> model.infer(batch).stream()).toList();

        List<ModelOutput> failures = outputs.stream().filter(ModelOutput.Failure.class::isInstance).toList();
        assertThat((double) failures.size() / outputs.size()).isCloseTo(0.1, within(0.015));
        assertThat(failures).allMatch(f -> f.equals(ModelOutput.failure("simulated failure", true)));
    }

    @Test
    void aFailureRateOfOneFailsEverything() {
        assertThat(model(0, 0, 0, 1.0, 16).infer(List.of("a", "b", "c")))
                .allMatch(ModelOutput.Failure.class::isInstance);
    }

    @Test
    void aBatchAboveCapacityRunsOutOfMemoryAsAWholeWithoutLatency() {
        List<ModelOutput> outputs = model(100, 20, 0, 0, 16).infer(Collections.nCopies(17, "x"));

        assertThat(outputs).hasSize(17).containsOnly(ModelOutput.failure(
                "CUDA out of memory (simulated): batch of 17 exceeds capacity 16", true));
        assertThat(slept).isEmpty();
    }

    @Test
    void aBatchAtCapacityRuns() {
        assertThat(model(0, 0, 0, 0, 16).infer(Collections.nCopies(16, "x")))
                .allMatch(ModelOutput.Success.class::isInstance);
    }

    @Test
    void sleepsTheBaseLatencyPlusThePerItemLatency() {
        model(100, 20, 0, 0, 16).infer(List.of("a", "b", "c", "d"));

        assertThat(slept).containsExactly(Duration.ofMillis(180));
    }

    @Test
    void jitterVariesTheLatencyWithinItsShareEitherWay() {
        MockModel model = model(100, 20, 0.1, 0, 16);

        for (int i = 0; i < 200; i++) {
            model.infer(List.of("a", "b", "c", "d"));
        }

        assertThat(slept).allSatisfy(d -> assertThat(d).isBetween(Duration.ofMillis(162), Duration.ofMillis(198)));
        assertThat(slept.stream().min(Duration::compareTo).orElseThrow()).isLessThan(Duration.ofMillis(168));
        assertThat(slept.stream().max(Duration::compareTo).orElseThrow()).isGreaterThan(Duration.ofMillis(192));
    }

    @Test
    void zeroLatencyIsAllowed() {
        model(0, 0, 0.1, 0, 16).infer(List.of("a"));

        assertThat(slept).containsExactly(Duration.ZERO);
    }

    @Test
    void anInterruptedSleepFailsTheBatchAndKeepsTheInterrupt() {
        MockModel model = new MockModel(new MockModelProperties(Duration.ofMillis(5), Duration.ZERO, 0, 0, 16, 1L),
                d -> {
                    throw new InterruptedException();
                });
        try {
            assertThatIllegalStateException().isThrownBy(() -> model.infer(List.of("a")))
                    .withMessage("inference interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void rejectsANegativeLatencyNamingTheProperty() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new MockModelProperties(Duration.ofMillis(-1), Duration.ZERO, 0, 0, 16, null))
                .withMessageContaining("inferyx.models.mock.base-latency");
    }
}
