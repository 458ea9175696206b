package io.inferyx.loadtest.traffic;

/** Where a run's inputs come from. Implementations are safe to call from many threads. */
public interface Inputs {

    /** The input of the next request. */
    Input next();
}
