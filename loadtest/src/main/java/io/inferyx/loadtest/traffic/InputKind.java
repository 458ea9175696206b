package io.inferyx.loadtest.traffic;

/** Why an input was chosen, so a report can show the mix that was actually sent. */
public enum InputKind {
    /** Never sent before in this run: a cache miss. */
    FRESH,
    /** An earlier input again: a cache hit once the first one finished, a join while it runs. */
    REPEAT,
    /** An earlier input changed so that it misses the cache. */
    MUTATED,
    /** An unusual but valid input: tiny, very long, non-ASCII, odd whitespace, markup. */
    ODD
}
