package io.inferyx.common.loop;

import sun.misc.Signal;

/**
 * Makes SIGTERM a clean stop with exit status 0. The JVM's default answer to SIGTERM runs the
 * shutdown hooks (so Spring still stops every loop gracefully) but exits with 143, which
 * orchestrators report as a failure; {@link System#exit(int)} runs the same hooks and exits 0.
 */
public final class CleanExit {

    private CleanExit() {
    }

    /** Call once from {@code main}, before the application starts. */
    public static void onSigterm() {
        Signal.handle(new Signal("TERM"), signal -> Thread.ofPlatform().name("sigterm").start(() -> System.exit(0)));
    }
}
