package io.inferyx.loadtest.traffic;

/**
 * One second of a traffic plan: how many requests to send in it and whether it belongs to a spike.
 *
 * @param requests how many requests to send, spread evenly over the second
 * @param phase    base load, the first second of a spike, or a later second of the same spike
 */
public record PlannedSecond(int requests, Phase phase) {

    /** Where a second stands in the traffic shape. */
    public enum Phase { BASE, SPIKE_START, SPIKE_CONTINUES }

    public PlannedSecond {
        if (requests < 0) {
            throw new IllegalArgumentException("requests must not be negative: " + requests);
        }
    }

    public boolean spike() {
        return phase != Phase.BASE;
    }
}
