package io.inferyx.loadtest;

import io.inferyx.loadtest.traffic.Input;
import io.inferyx.loadtest.traffic.Inputs;
import io.inferyx.loadtest.traffic.OriginalInputs;
import io.inferyx.loadtest.traffic.OriginalProfile;
import io.inferyx.loadtest.traffic.PlannedSecond;
import io.inferyx.loadtest.traffic.RepeatShareInputs;
import io.inferyx.loadtest.traffic.SendTimes;

import java.util.List;
import java.util.PrimitiveIterator;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/** Issues a run's requests in its load shape until the duration ends or the request budget is spent. */
final class Load {

    private static final int PLAN_STREAM = 0;
    private static final int INPUTS_STREAM = 1;

    private final LoadOptions options;
    private final Client client;
    private final Inputs inputs;
    private final long start;
    private final long end;
    private final AtomicLong issued = new AtomicLong();
    private final CountDownLatch sendingOver = new CountDownLatch(1);

    Load(LoadOptions options, Client client, long start) {
        this.options = options;
        this.client = client;
        this.start = start;
        this.end = start + options.duration().toNanos();
        this.inputs = inputs(options, stream(options.seed(), INPUTS_STREAM));
    }

    private static Inputs inputs(LoadOptions options, Random random) {
        // marks this run's inputs, so results cached by an earlier run with the same seed are not hit
        String tag = Long.toString(System.currentTimeMillis(), 36);
        return options.shape() == LoadShape.PROFILE ? new OriginalInputs(random, tag, options.maxInputChars())
                : new RepeatShareInputs(random, tag, options.repeatShare());
    }

    /** Submits the run's requests: returns at once for a closed loop, after the last send for an open one. */
    void drive(ExecutorService senders) {
        switch (options.shape()) {
            case CLOSED_LOOP -> closedLoop(senders);
            case OPEN_LOOP -> openLoop(senders, SendTimes.constant(options.rate()));
            case PROFILE -> openLoop(senders, SendTimes.following(plan(options)));
        }
    }

    /** Waits until the duration ends or the last request of the budget has been sent. */
    void awaitSendingOver() throws InterruptedException {
        sendingOver.await(end - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    private void closedLoop(ExecutorService senders) {
        for (int i = 0; i < options.concurrency(); i++) {
            senders.submit(() -> {
                while (System.nanoTime() - end < 0 && claim()) {
                    client.send(nextRequest(), System.nanoTime());
                }
            });
        }
    }

    private void openLoop(ExecutorService senders, PrimitiveIterator.OfLong offsets) {
        try {
            sendAll(senders, offsets);
        } finally {
            sendingOver.countDown();
        }
    }

    private void sendAll(ExecutorService senders, PrimitiveIterator.OfLong offsets) {
        while (offsets.hasNext()) {
            long due = start + offsets.nextLong();
            if (due - end >= 0 || !claim()) {
                return;
            }
            for (long early = due - System.nanoTime(); early > 0; early = due - System.nanoTime()) {
                LockSupport.parkNanos(early);
            }
            List<Input> request = nextRequest();
            senders.submit(() -> client.send(request, due));
        }
    }

    /** The inputs of the next request: {@code --inputs} of them. */
    private List<Input> nextRequest() {
        return Stream.generate(inputs::next).limit(options.inputsPerRequest()).toList();
    }

    private boolean claim() {
        if (options.requests() <= 0 || issued.incrementAndGet() <= options.requests()) {
            return true;
        }
        sendingOver.countDown();
        return false;
    }

    /** The profile's per-second plan for the options' seed and duration, as a run of them sends it. */
    static List<PlannedSecond> plan(LoadOptions options) {
        return OriginalProfile.plan(seconds(options), stream(options.seed(), PLAN_STREAM));
    }

    /** One of independent random streams of a seed, so the plan stays the same whatever the inputs draw. */
    private static Random stream(long seed, int index) {
        Random seeds = new Random(seed);
        long streamSeed = seeds.nextLong();
        for (int i = 0; i < index; i++) {
            streamSeed = seeds.nextLong();
        }
        return new Random(streamSeed);
    }

    private static int seconds(LoadOptions options) {
        return (int) Math.ceil(options.duration().toNanos() / 1e9);
    }
}
