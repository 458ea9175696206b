package io.inferyx.worker.pool;

import io.inferyx.common.batch.RunningJob;
import io.inferyx.common.batch.Settlement;
import io.inferyx.common.retry.Backoff;
import io.inferyx.common.retry.RetryPolicy;
import io.inferyx.worker.metrics.WorkerMetrics;
import io.inferyx.worker.model.InferenceModel;
import io.inferyx.worker.model.ModelOutput;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.inferyx.worker.pool.TestModels.MODEL;
import static io.inferyx.worker.pool.TestModels.job;
import static org.assertj.core.api.Assertions.assertThat;

class BatchRunnerTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RetryPolicy retryPolicy =
            new RetryPolicy(2, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), 0), () -> 0.5);

    private BatchRunner runner(InferenceModel model) {
        return new BatchRunner(model, retryPolicy, new WorkerMetrics(registry, MODEL));
    }

    @Test
    void aResultMakesTheJobDone() {
        RunningJob a = job("a", 1);
        RunningJob b = job("b", 1);

        assertThat(runner(TestModels.echo()).run(List.of(a, b))).containsExactly(
                new Settlement.Done(a.id(), "\"ok:a\""), new Settlement.Done(b.id(), "\"ok:b\""));
        assertThat(registry.get("inferyx.inference").timer().count()).isEqualTo(1);
    }

    @Test
    void aRetryableFailureWithAttemptsLeftIsRetriedAfterTheBackoff() {
        RunningJob first = job("a", 1);
        RunningJob second = job("b", 2);
        BatchRunner runner = runner(TestModels.model(inputs -> List.of(
                ModelOutput.failure("busy", true), ModelOutput.failure("busy", true))));

        assertThat(runner.run(List.of(first, second))).containsExactly(
                new Settlement.Retry(first.id(), "busy", Duration.ofSeconds(1)),
                new Settlement.Retry(second.id(), "busy", Duration.ofSeconds(2)));
    }

    @Test
    void aFailureOnTheLastAttemptFailsTheJobWithItsReason() {
        RunningJob last = job("a", 3);

        assertThat(runner(TestModels.model(inputs -> List.of(ModelOutput.failure("busy", true)))).run(List.of(last)))
                .containsExactly(new Settlement.Fail(last.id(), "busy (gave up after 3 attempts)"));
    }

    @Test
    void aFailureThatIsNotRetryableFailsAtOnce() {
        RunningJob job = job("a", 1);

        BatchRunner runner = runner(TestModels.model(inputs -> List.of(ModelOutput.failure("input too long", false))));

        assertThat(runner.run(List.of(job)))
                .containsExactly(new Settlement.Fail(job.id(), "input too long"));
    }

    @Test
    void aModelThatThrowsFailsEveryJobRetryablyWithTheExceptionClassAndMessage() {
        RunningJob a = job("a", 1);
        RunningJob b = job("b", 1);
        BatchRunner runner = runner(TestModels.model(inputs -> {
            throw new IllegalStateException("GPU fell off the bus");
        }));

        String reason = "java.lang.IllegalStateException: GPU fell off the bus";
        assertThat(runner.run(List.of(a, b))).containsExactly(
                new Settlement.Retry(a.id(), reason, Duration.ofSeconds(1)),
                new Settlement.Retry(b.id(), reason, Duration.ofSeconds(1)));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void aModelThatThrowsAnErrorStillSettlesEveryJobWithTheReason(Error error) {
        RunningJob a = job("a", 1);
        BatchRunner runner = runner(TestModels.model(inputs -> {
            throw error;
        }));

        assertThat(runner.run(List.of(a))).singleElement().isInstanceOfSatisfying(Settlement.Retry.class,
                r -> assertThat(r.error()).startsWith(error.getClass().getName()));
    }

    static List<Error> errors() {
        return List.of(new StackOverflowError(), new AssertionError("invariant broken"),
                new UnsatisfiedLinkError("no onnxruntime in java.library.path"), new OutOfMemoryError("Java heap space"));
    }

    @Test
    void aModelAnsweringTheWrongNumberOfOutputsFailsEveryJobRetryably() {
        RunningJob a = job("a", 1);
        RunningJob b = job("b", 1);
        BatchRunner runner = runner(TestModels.model(inputs -> List.of(ModelOutput.success("1"))));

        assertThat(runner.run(List.of(a, b))).allSatisfy(s -> assertThat(s).isInstanceOfSatisfying(Settlement.Retry.class,
                r -> assertThat(r.error()).isEqualTo("model mock answered 1 outputs for 2 inputs")));
    }

    @Test
    void withoutStartedJobsTheModelDoesNotRun() {
        AtomicInteger calls = new AtomicInteger();
        BatchRunner runner = runner(TestModels.model(inputs -> {
            calls.incrementAndGet();
            return List.of();
        }));

        assertThat(runner.run(List.of())).isEmpty();
        assertThat(calls).hasValue(0);
    }
}
