package io.inferyx.common.retry;

import io.inferyx.common.batch.Settlement;
import io.inferyx.common.job.JobId;
import io.inferyx.common.job.ModelId;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {

    private final JobId id = JobId.random(ModelId.of("mock"));
    private final RetryPolicy policy = new RetryPolicy(3,
            new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(30), 0), () -> 0.0);

    @Test
    void retriesWithGrowingBackoffThenFails() {
        assertThat(policy.afterFailure(id, 1, "boom", true)).isEqualTo(new Settlement.Retry(id, "boom", Duration.ofSeconds(2)));
        assertThat(policy.afterFailure(id, 3, "boom", true)).isEqualTo(new Settlement.Retry(id, "boom", Duration.ofSeconds(8)));
        assertThat(policy.afterFailure(id, 4, "boom", true))
                .isEqualTo(new Settlement.Fail(id, "boom (gave up after 4 attempts)"));
    }

    @Test
    void failsAtOnceWhenRetryingCannotHelp() {
        assertThat(policy.afterFailure(id, 1, "input not understood", false))
                .isEqualTo(new Settlement.Fail(id, "input not understood"));
    }
}
