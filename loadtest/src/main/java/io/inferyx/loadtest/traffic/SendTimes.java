package io.inferyx.loadtest.traffic;

import java.util.List;
import java.util.PrimitiveIterator;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

/** When an open loop sends its requests, as offsets in nanoseconds from the start of the run. */
public final class SendTimes {

    private static final long SECOND = 1_000_000_000L;

    private SendTimes() {
    }

    /** A constant rate without end; each offset is computed from its index so rounding never drifts. */
    public static PrimitiveIterator.OfLong constant(double perSecond) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("the rate must be positive: " + perSecond);
        }
        return LongStream.iterate(0, i -> i + 1).map(i -> Math.round(i * SECOND / perSecond)).iterator();
    }

    /** Each planned second's requests spread evenly over that second. */
    public static PrimitiveIterator.OfLong following(List<PlannedSecond> plan) {
        return IntStream.range(0, plan.size()).boxed()
                .flatMapToLong(second -> withinSecond(second, plan.get(second).requests())).iterator();
    }

    private static LongStream withinSecond(int second, int requests) {
        return LongStream.range(0, requests).map(i -> second * SECOND + i * SECOND / requests);
    }
}
