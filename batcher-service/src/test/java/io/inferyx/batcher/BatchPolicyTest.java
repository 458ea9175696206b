package io.inferyx.batcher;

import io.inferyx.batcher.BatchPolicy.Hold;
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
        assertThat(policy.decide(new Forming(0, Duration.ZERO, 0))).isInstanceOf(Idle.class);
    }

    @Test
    void sealsAFullBatchAtOnceHoweverYoung() {
        assertThat(policy.decide(new Forming(4, Duration.ZERO, 3))).isInstanceOf(Seal.class);
    }

    @Test
    void sealsAPartialBatchOnceItsOldestJobHasWaitedMaxWait() {
        assertThat(policy.decide(new Forming(1, Duration.ofSeconds(1), 0))).isInstanceOf(Seal.class);
        assertThat(policy.decide(new Forming(3, Duration.ofSeconds(7), 0))).isInstanceOf(Seal.class);
    }

    @Test
    void waitsOnlyTheTimeLeftForAPartialBatch() {
        assertThat(policy.decide(new Forming(2, Duration.ofMillis(300), 0))).isEqualTo(new Wait(Duration.ofMillis(700)));
    }

    @Test
    void holdsAPartialBatchPastMaxWaitWhileSealedBatchesWaitForAWorker() {
        assertThat(policy.decide(new Forming(3, Duration.ofSeconds(2), 1)))
                .isEqualTo(new Hold(BatchPolicy.HOLD_RECHECK));
    }

    @Test
    void holdsAYoungPartialBatchWithoutWatchingEachJobWhileSealedBatchesWait() {
        // a Wait would wake the batcher for each arriving job; with workers behind, nothing is in a hurry
        assertThat(policy.decide(new Forming(2, Duration.ofMillis(300), 1)))
                .isEqualTo(new Hold(BatchPolicy.HOLD_RECHECK));
    }

    @Test
    void sealsAHeldBatchOnceTheWorkersHaveCaughtUp() {
        assertThat(policy.decide(new Forming(3, Duration.ofSeconds(2), 0))).isInstanceOf(Seal.class);
    }

    @Test
    void neverHoldsLongerThanMaxWaitBetweenLooks() {
        BatchPolicy quick = new BatchPolicy(4, Duration.ofMillis(2));
        assertThat(quick.decide(new Forming(1, Duration.ofMillis(3), 5))).isEqualTo(new Hold(Duration.ofMillis(2)));
    }
}
