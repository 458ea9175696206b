package io.inferyx.loadtest.traffic;

import java.util.Random;

/**
 * Unique inputs, except that a given share of them (after the first few) repeats one of 50
 * earlier-style inputs: cache hits, and joins of an identical job still in flight.
 */
public final class RepeatShareInputs implements Inputs {

    private static final int WARM_UP = 10;
    private static final int POOL = 50;

    private final Random random;
    private final String tag;
    private final double repeatShare;
    private long count;

    /** @param tag marks this run's inputs so that an earlier run's cached results are not hit */
    public RepeatShareInputs(Random random, String tag, double repeatShare) {
        this.random = random;
        this.tag = tag;
        this.repeatShare = repeatShare;
    }

    @Override
    public synchronized Input next() {
        long n = count++;
        if (n > WARM_UP && random.nextDouble() < repeatShare) {
            return new Input("load " + tag + " " + random.nextLong(Math.min(n, POOL)), InputKind.REPEAT);
        }
        return new Input("load " + tag + " " + n + " " + random.nextInt(), InputKind.FRESH);
    }
}
