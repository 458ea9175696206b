package io.inferyx.retry;

import io.inferyx.common.loop.ServiceLoop;
import io.inferyx.common.retry.RetryQueue;
import io.inferyx.common.retry.RetryQueue.Promotion;

import java.time.Duration;

/**
 * One turn of one model's retry loop: move the due retries back to the queue, then block on
 * Redis until the next one is due or a new retry is scheduled, whichever comes first.
 */
final class RetryPromoter implements ServiceLoop.Step {

    private final RetryQueue retries;
    private final int promoteBatch;
    private final Duration idleWait;

    RetryPromoter(RetryQueue retries, int promoteBatch, Duration idleWait) {
        this.retries = retries;
        this.promoteBatch = promoteBatch;
        this.idleWait = idleWait;
    }

    @Override
    public void run() {
        Promotion promotion = retries.promoteDue();
        if (promotion.due() >= promoteBatch) {
            return;
        }
        Duration wait = promotion.nextDueIn().filter(next -> next.compareTo(idleWait) < 0).orElse(idleWait);
        retries.awaitScheduled(wait);
    }

    /** Ends a long idle wait at shutdown by closing the blocked connection. */
    @Override
    public void wakeUp() {
        retries.close();
    }

    @Override
    public void close() {
        retries.close();
    }
}
