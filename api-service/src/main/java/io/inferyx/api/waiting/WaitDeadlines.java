package io.inferyx.api.waiting;

import io.inferyx.common.loop.ServiceLoop;

import java.util.Comparator;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Ends the watches whose deadline has passed. One thread sleeps until the earliest deadline; a
 * new watch wakes it only when it ends sooner than that (never, when every request asks the same
 * {@code ?wait=}), and a watch that ends early is just removed. A virtual thread's own timed wait
 * would instead cost two hand-offs to the JDK's timer thread per request, to arm it and to cancel it.
 */
final class WaitDeadlines implements ServiceLoop.Step {

    private static final Comparator<Watch> BY_DEADLINE =
            Comparator.<Watch, Long>comparing(Watch::deadline, (a, b) -> Long.compare(a - b, 0))
                    .thenComparingLong(Watch::serial);
    private static final long IDLE_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final ConcurrentSkipListSet<Watch> pending = new ConcurrentSkipListSet<>(BY_DEADLINE);
    private final LongSupplier nanoTime;
    private volatile Thread sleeper;
    private volatile long sleepingUntil;

    WaitDeadlines(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.sleepingUntil = nanoTime.getAsLong();
    }

    void add(Watch watch) {
        pending.add(watch);
        // read after adding: either the sleeper sees this watch or this sees its new sleepingUntil
        if (watch.deadline() - sleepingUntil < 0) {
            wakeUp();
        }
    }

    void remove(Watch watch) {
        pending.remove(watch);
    }

    /** Ends the waits that are due, then sleeps until the next deadline or until woken. */
    @Override
    public void run() {
        sleeper = Thread.currentThread();
        long now = nanoTime.getAsLong();
        expireDue(now);
        long next = earliest().map(Watch::deadline).orElse(now + IDLE_NANOS);
        sleepingUntil = next;
        if (earliest().map(w -> w.deadline() - next < 0).orElse(false)) {
            return; // a sooner watch arrived before sleepingUntil was published
        }
        LockSupport.parkNanos(this, next - now);
    }

    private void expireDue(long now) {
        for (Optional<Watch> head = earliest(); head.isPresent() && head.get().deadline() - now <= 0; head = earliest()) {
            pending.remove(head.get());
            head.get().wake(Optional.empty());
        }
    }

    private Optional<Watch> earliest() {
        Iterator<Watch> first = pending.iterator(); // first() throws when emptied concurrently
        return first.hasNext() ? Optional.of(first.next()) : Optional.empty();
    }

    @Override
    public void wakeUp() {
        Thread thread = sleeper;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }
}
