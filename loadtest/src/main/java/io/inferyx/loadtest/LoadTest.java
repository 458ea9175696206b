package io.inferyx.loadtest;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Floods an Inferyx API and reports throughput and submit-to-done latency. Stops by itself at
 * the end of {@code --duration} (or after {@code --requests}), then waits for the requests in
 * flight to finish.
 */
public final class LoadTest {

    private final LoadOptions options;
    private final Stats stats = new Stats();
    private final Client client;
    private final AtomicLong issued = new AtomicLong();
    private final String runId = Long.toHexString(System.nanoTime());

    LoadTest(LoadOptions options) {
        this.options = options;
        this.client = new Client(options, stats);
    }

    public static void main(String[] args) throws InterruptedException {
        LoadOptions options;
        try {
            options = LoadOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("loadtest: " + e.getMessage());
            System.exit(2);
            return;
        }
        LoadTest test = new LoadTest(options);
        System.out.println(test.run());
    }

    /** Runs the load and answers the summary table. */
    String run() throws InterruptedException {
        long start = System.nanoTime();
        long end = start + options.duration().toNanos();
        Thread progress = Thread.ofPlatform().daemon().start(() -> printProgress(start));
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            if (options.closedLoop()) {
                closedLoop(senders, end);
            } else {
                openLoop(senders, end);
            }
        }
        progress.interrupt();
        return stats.summary((System.nanoTime() - start) / 1e9);
    }

    private void closedLoop(ExecutorService senders, long end) {
        for (int i = 0; i < options.concurrency(); i++) {
            senders.submit(() -> {
                while (System.nanoTime() < end && claim()) {
                    client.send(nextInput(), System.nanoTime());
                }
            });
        }
    }

    private void openLoop(ExecutorService senders, long end) {
        long interval = (long) (1e9 / options.rate());
        for (long due = System.nanoTime(); due < end && claim(); due += interval) {
            LockSupport.parkNanos(due - System.nanoTime());
            long intended = due;
            senders.submit(() -> client.send(nextInput(), intended));
        }
    }

    private boolean claim() {
        return options.requests() <= 0 || issued.incrementAndGet() <= options.requests();
    }

    private String nextInput() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long n = issued.get();
        if (n > 10 && random.nextDouble() < options.repeatShare()) {
            return "load " + runId + " " + random.nextLong(Math.min(n, 50));
        }
        return "load " + runId + " " + n + " " + random.nextInt();
    }

    private void printProgress(long start) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                TimeUnit.SECONDS.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
            System.err.print("\r" + stats.progress((System.nanoTime() - start) / 1e9));
        }
    }
}
