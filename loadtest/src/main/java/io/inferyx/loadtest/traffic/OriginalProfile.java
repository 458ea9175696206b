package io.inferyx.loadtest.traffic;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The traffic shape of the original Python load script: a base load of 10 to 20 requests per
 * second, drawn anew each second, and in each second outside a spike a 10 % chance that a spike
 * of 30 to 50 requests per second (one rate for the whole spike, instead of the base load) starts
 * and lasts 1 or 2 seconds. Bounds are inclusive.
 */
public final class OriginalProfile {

    public static final int BASE_MIN = 10;
    public static final int BASE_MAX = 20;
    public static final int SPIKE_MIN = 30;
    public static final int SPIKE_MAX = 50;
    public static final double SPIKE_CHANCE = 0.10;
    public static final int SPIKE_MIN_SECONDS = 1;
    public static final int SPIKE_MAX_SECONDS = 2;

    private OriginalProfile() {
    }

    /**
     * The plan for {@code seconds} seconds. Pure: the same {@code seconds} and a {@link Random}
     * in the same state (the same seed) give the same plan. A spike cut off by the end of the
     * plan is shorter.
     */
    public static List<PlannedSecond> plan(int seconds, Random random) {
        List<PlannedSecond> plan = new ArrayList<>(seconds);
        while (plan.size() < seconds) {
            if (random.nextDouble() < SPIKE_CHANCE) {
                addSpike(plan, seconds, random);
            } else {
                plan.add(new PlannedSecond(between(random, BASE_MIN, BASE_MAX), PlannedSecond.Phase.BASE));
            }
        }
        return List.copyOf(plan);
    }

    private static void addSpike(List<PlannedSecond> plan, int seconds, Random random) {
        int length = between(random, SPIKE_MIN_SECONDS, SPIKE_MAX_SECONDS);
        int rate = between(random, SPIKE_MIN, SPIKE_MAX);
        for (int i = 0; i < length && plan.size() < seconds; i++) {
            plan.add(new PlannedSecond(rate, i == 0 ? PlannedSecond.Phase.SPIKE_START : PlannedSecond.Phase.SPIKE_CONTINUES));
        }
    }

    private static int between(Random random, int min, int max) {
        return min + random.nextInt(max - min + 1);
    }
}
