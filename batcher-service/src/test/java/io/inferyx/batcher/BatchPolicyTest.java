package io.inferyx.batcher;

import io.inferyx.batcher.BatchPolicy.Idle;
import io.inferyx.batcher.BatchPolicy.Seal;
import io.inferyx.batcher.BatchPolicy.Wait;
import io.inferyx.common.batch.Forming;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class BatchPolicyTest {

    private final BatchPolicy policy = new BatchPolicy(4, Duration.ofSeconds(1));

    @Test
    void idlesWhenNothingIsForming() {
        assertThat(policy.decide(new Forming(0, Duration.ZERO))).isInstanceOf(Idle.class);
    }

    @Test
    void sealsAFullBatchAtOnceHoweverYoung() {
        assertThat(policy.decide(new Forming(4, Duration.ZERO))).isInstanceOf(Seal.class);
    }

    @Test
    void sealsAPartialBatchOnceItsOldestJobHasWaitedMaxWait() {
        assertThat(policy.decide(new Forming(1, Duration.ofSeconds(1)))).isInstanceOf(Seal.class);
        assertThat(policy.decide(new Forming(3, Duration.ofSeconds(7)))).isInstanceOf(Seal.class);
    }

    @Test
    void waitsOnlyTheTimeLeftForAPartialBatch() {
        assertThat(policy.decide(new Forming(2, Duration.ofMillis(300)))).isEqualTo(new Wait(Duration.ofMillis(700)));
    }
}
