package io.inferyx.retry;

import io.inferyx.common.retry.RetryQueue;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPromoterTest {

    private static final Duration IDLE = Duration.ofSeconds(10);

    /** A retry set that answers a scripted promotion and records the waits asked of it. */
    static final class ScriptedRetries implements RetryQueue {
        final List<Duration> waits = new ArrayList<>();
        final RetryQueue.Promotion answer;

        ScriptedRetries(RetryQueue.Promotion answer) {
            this.answer = answer;
        }

        @Override
        public RetryQueue.Promotion promoteDue() {
            return answer;
        }

        @Override
        public void awaitScheduled(Duration timeout) {
            waits.add(timeout);
        }

        @Override
        public void close() {
        }
    }

    private List<Duration> waitsAfter(RetryQueue.Promotion promotion) {
        ScriptedRetries retries = new ScriptedRetries(promotion);
        new RetryPromoter(retries, 100, IDLE).run();
        return retries.waits;
    }

    @Test
    void sleepsUntilTheNextRetryIsDue() {
        assertThat(waitsAfter(new RetryQueue.Promotion(1, 1, Optional.of(Duration.ofMillis(300)))))
                .containsExactly(Duration.ofMillis(300));
    }

    @Test
    void waitsTheIdleWaitWhenNoRetryIsScheduled() {
        assertThat(waitsAfter(new RetryQueue.Promotion(0, 0, Optional.empty()))).containsExactly(IDLE);
    }

    @Test
    void neverWaitsLongerThanTheIdleWait() {
        assertThat(waitsAfter(new RetryQueue.Promotion(0, 0, Optional.of(Duration.ofMinutes(5))))).containsExactly(IDLE);
    }

    @Test
    void goesAgainAtOnceWhenMoreRetriesAreDueThanOneMoveTakes() {
        assertThat(waitsAfter(new RetryQueue.Promotion(100, 100, Optional.of(Duration.ZERO)))).isEmpty();
    }
}
