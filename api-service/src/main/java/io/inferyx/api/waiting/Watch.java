package io.inferyx.api.waiting;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One request waiting for one job to be announced finished. Closing it forgets the request, so a
 * request that times out leaves nothing behind.
 */
public final class Watch implements AutoCloseable {

    private final String jobId;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Consumer<Watch> onClose;

    Watch(String jobId, Consumer<Watch> onClose) {
        this.jobId = jobId;
        this.onClose = onClose;
    }

    String jobId() {
        return jobId;
    }

    void signal() {
        finished.complete(null);
    }

    /** Waits until the job is announced finished or {@code timeout} passes; true when announced. */
    public boolean await(Duration timeout) {
        try {
            finished.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            // shutting down: answer with what the store holds now
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a watch is never completed exceptionally", e);
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            onClose.accept(this);
        }
    }
}
