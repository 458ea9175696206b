package io.inferyx.launcher.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends {@code POST /infer} requests, each with an input of its own (so none is served from the
 * cache or joined unless asked for), and records every answer in a {@link Tally}: steadily at a
 * rate in the background, or as a burst from a fixed number of concurrent clients.
 */
final class LoadDriver implements AutoCloseable {

    private static final int MAX_IN_FLIGHT = 64;

    private final InferyxApi api;
    private final String run;
    private final Tally tally;
    private final AtomicInteger serial = new AtomicInteger();
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("load-ticker").factory());
    private int repeatEvery;
    private ScheduledFuture<?> steady;

    LoadDriver(InferyxApi api, String run, Tally tally) {
        this.api = api;
        this.run = run;
        this.tally = tally;
    }

    /** Every {@code n}th request repeats the input of the one before it: a cache hit or a join. */
    LoadDriver repeatingEvery(int n) {
        this.repeatEvery = n;
        return this;
    }

    /** Starts sending {@code perSecond} requests a second in the background (at most 64 unanswered). */
    LoadDriver startSteady(int perSecond) {
        long period = TimeUnit.SECONDS.toMicros(1) / perSecond;
        steady = ticker.scheduleAtFixedRate(() -> {
            if (inFlight.tryAcquire()) {
                senders.submit(() -> {
                    try {
                        sendOne();
                    } finally {
                        inFlight.release();
                    }
                });
            }
        }, 0, period, TimeUnit.MICROSECONDS);
        return this;
    }

    /** Stops the steady load and waits for the answers still outstanding. */
    void stopSteady() throws InterruptedException {
        if (steady != null) {
            steady.cancel(false);
            steady = null;
        }
        if (!inFlight.tryAcquire(MAX_IN_FLIGHT, 30, TimeUnit.SECONDS)) {
            throw new AssertionError("requests still unanswered 30 s after the load stopped");
        }
        inFlight.release(MAX_IN_FLIGHT);
    }

    /** Sends {@code requests} requests from {@code clients} concurrent clients and waits for every answer. */
    void burst(int requests, int clients) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                sent.add(pool.submit(this::sendOne));
            }
            for (Future<?> f : sent) {
                f.get(1, TimeUnit.MINUTES);
            }
        }
    }

    /** Sends one request now, from the caller's thread. */
    Answer sendOne() {
        Answer answer = api.submit(nextInput());
        tally.add(answer);
        return answer;
    }

    private String nextInput() {
        int n = serial.incrementAndGet();
        int source = repeatEvery > 0 && n % repeatEvery == 0 ? n - 1 : n;
        return run + " request " + source;
    }

    @Override
    public void close() throws InterruptedException {
        stopSteady();
        ticker.shutdownNow();
        senders.close();
    }
}
