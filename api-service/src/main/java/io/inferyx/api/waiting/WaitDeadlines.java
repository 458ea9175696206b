package io.inferyx.api.waiting;

import io.inferyx.common.loop.ServiceLoop;

import java.lang.invoke.VarHandle;
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

    /** By deadline (compared by difference, as {@code nanoTime} values must be), then by serial. */
    private static final Comparator<Watch> BY_DEADLINE = (a, b) -> {
        long byDeadline = a.deadline() - b.deadline();
        return byDeadline != 0 ? Long.signum(byDeadline) : Long.compare(a.serial(), b.serial());
    };
    private static final long IDLE_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final ConcurrentSkipListSet<Watch> pending = new ConcurrentSkipListSet<>(BY_DEADLINE);
    private final LongSupplier nanoTime;
    private volatile Thread sleeper;
    private volatile long sleepingUntil;
    private volatile boolean wakeRequested;

    WaitDeadlines(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.sleepingUntil = nanoTime.getAsLong();
    }

    /** Ends {@code watch} empty once its deadline passes, unless it is removed before. */
    void add(Watch watch) {
        pending.add(watch);
        // read after adding: either the sleeper sees this watch or this sees its new sleepingUntil
        if (watch.deadline() - sleepingUntil < 0) {
            wakeUp();
        }
    }

    /** Forgets {@code watch}: it ended, or its request stopped waiting. */
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
        // pairs with add(): this reads the set after publishing sleepingUntil, add() reads sleepingUntil after adding
        VarHandle.fullFence();
        boolean soonerArrived = earliest().map(w -> w.deadline() - next < 0).orElse(false);
        if (soonerArrived || takeWakeRequest()) {
            return;
        }
        LockSupport.parkNanos(this, next - now);
    }

    /** A wake-up asked for before this thread was known (or parked) must not be lost. */
    private boolean takeWakeRequest() {
        if (!wakeRequested) {
            return false;
        }
        wakeRequested = false;
        return true;
    }

    private void expireDue(long now) {
        for (Optional<Watch> head = earliest(); head.isPresent() && isDue(head.get(), now); head = earliest()) {
            end(head.get());
        }
    }

    private static boolean isDue(Watch watch, long now) {
        return watch.deadline() - now <= 0;
    }

    private void end(Watch watch) {
        pending.remove(watch);
        watch.wake(Optional.empty());
    }

    private Optional<Watch> earliest() {
        Iterator<Watch> first = pending.iterator(); // first() throws when emptied concurrently
        return first.hasNext() ? Optional.of(first.next()) : Optional.empty();
    }

    @Override
    public void wakeUp() {
        wakeRequested = true;
        Thread thread = sleeper;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    /** After the last step: no deadline is kept any more, so every pending wait ends now. */
    @Override
    public void close() {
        for (Optional<Watch> head = earliest(); head.isPresent(); head = earliest()) {
            end(head.get());
        }
    }
}
