package io.inferyx.worker.pool;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ScalingPolicyTest {

    private final ScalingPolicy policy = new ScalingPolicy(1, 16, 10);

    @Test
    void anEmptyBacklogKeepsTheMinimum() {
        assertThat(policy.desiredWorkers(0)).isEqualTo(1);
        assertThat(new ScalingPolicy(0, 4, 10).desiredWorkers(0)).isZero();
    }

    @Test
    void oneWorkerPerJobsPerWorkerRoundedUp() {
        assertThat(policy.desiredWorkers(1)).isEqualTo(1);
        assertThat(policy.desiredWorkers(10)).isEqualTo(1);
        assertThat(policy.desiredWorkers(11)).isEqualTo(2);
        assertThat(policy.desiredWorkers(55)).isEqualTo(6);
    }

    @Test
    void neverMoreThanTheMaximum() {
        assertThat(policy.desiredWorkers(161)).isEqualTo(16);
        assertThat(policy.desiredWorkers(Long.MAX_VALUE)).isEqualTo(16);
    }

    @Test
    void neverFewerThanTheMinimum() {
        assertThat(new ScalingPolicy(3, 8, 10).desiredWorkers(5)).isEqualTo(3);
        assertThat(new ScalingPolicy(3, 8, 10).desiredWorkers(-1)).isEqualTo(3);
    }

    @Test
    void rejectsBoundsThatCannotHold() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ScalingPolicy(5, 4, 10));
        assertThatIllegalArgumentException().isThrownBy(() -> new ScalingPolicy(-1, 4, 10));
        assertThatIllegalArgumentException().isThrownBy(() -> new ScalingPolicy(0, 0, 10));
        assertThatIllegalArgumentException().isThrownBy(() -> new ScalingPolicy(1, 4, 0));
    }
}
