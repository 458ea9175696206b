package io.inferyx.loadtest;

import io.inferyx.loadtest.traffic.Inputs;
import io.inferyx.loadtest.traffic.OriginalInputs;
import io.inferyx.loadtest.traffic.OriginalProfile;
import io.inferyx.loadtest.traffic.PlannedSecond;
import io.inferyx.loadtest.traffic.RepeatShareInputs;
import io.inferyx.loadtest.traffic.SendTimes;

import java.util.List;
import java.util.PrimitiveIterator;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/** Issues a run's requests in its load shape until the duration ends or the request budget is spent. */
final class Load {

    private final LoadOptions options;
    private final Client client;
    private final Inputs inputs;
    private final long planSeed;
    private final long start;
    private final long end;
    private final AtomicLong issued = new AtomicLong();

    Load(LoadOptions options, Client client, long start) {
        this.options = options;
        this.client = client;
        this.start = start;
        this.end = start + options.duration().toNanos();
        // separate streams, so the schedule of a seed stays the same whatever the inputs draw
        Random seeds = new Random(options.seed());
        this.planSeed = seeds.nextLong();
        this.inputs = inputs(options, new Random(seeds.nextLong()));
    }

    private static Inputs inputs(LoadOptions options, Random random) {
        // marks this run's inputs, so results cached by an earlier run with the same seed are not hit
        String tag = Long.toString(System.currentTimeMillis(), 36);
        return options.shape() == LoadShape.PROFILE ? new OriginalInputs(random, tag, options.maxInputChars())
                : new RepeatShareInputs(random, tag, options.repeatShare());
    }

    /** When the load phase ends, in {@code System.nanoTime()} terms. */
    long end() {
        return end;
    }

    /** Submits the run's requests: returns at once for a closed loop, after the last send for an open one. */
    void drive(ExecutorService senders) {
        switch (options.shape()) {
            case CLOSED_LOOP -> closedLoop(senders);
            case OPEN_LOOP -> openLoop(senders, SendTimes.constant(options.rate()));
            case PROFILE -> openLoop(senders, SendTimes.following(plan()));
        }
    }

    private void closedLoop(ExecutorService senders) {
        for (int i = 0; i < options.concurrency(); i++) {
            senders.submit(() -> {
                while (System.nanoTime() - end < 0 && claim()) {
                    client.send(inputs.next(), System.nanoTime());
                }
            });
        }
    }

    private void openLoop(ExecutorService senders, PrimitiveIterator.OfLong offsets) {
        while (offsets.hasNext()) {
            long due = start + offsets.nextLong();
            if (due - end >= 0 || !claim()) {
                return;
            }
            for (long early = due - System.nanoTime(); early > 0; early = due - System.nanoTime()) {
                LockSupport.parkNanos(early);
            }
            var input = inputs.next();
            senders.submit(() -> client.send(input, due));
        }
    }

    private boolean claim() {
        return options.requests() <= 0 || issued.incrementAndGet() <= options.requests();
    }

    /** The profile's per-second plan for this run's seed and duration. */
    List<PlannedSecond> plan() {
        return OriginalProfile.plan((int) Math.ceil(options.duration().toNanos() / 1e9), new Random(planSeed));
    }
}
