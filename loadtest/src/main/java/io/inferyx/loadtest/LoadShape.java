package io.inferyx.loadtest;

/** How requests are paced. */
public enum LoadShape {
    /** {@code --concurrency N}: N clients, each sends its next request when its last one finished. */
    CLOSED_LOOP("closed-loop"),
    /** {@code --rate R}: R requests per second, evenly spaced, whatever the answers. */
    OPEN_LOOP("open-loop"),
    /** {@code --profile original}: the original script's base load, spikes and input mix (an open loop). */
    PROFILE("profile");

    private final String label;

    LoadShape(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
