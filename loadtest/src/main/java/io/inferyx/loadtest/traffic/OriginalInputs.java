package io.inferyx.loadtest.traffic;

import java.util.List;
import java.util.Random;

/**
 * The input mix of the original load script: 70 % repeat one of a small pool of inputs (cache
 * hits once the first copy finished), 20 % are a pool input changed so that it misses the cache,
 * and 10 % are odd but valid inputs ({@link OddInputs}).
 */
public final class OriginalInputs implements Inputs {

    public static final double REPEAT_SHARE = 0.70;
    public static final double MUTATED_SHARE = 0.20;
    /** The smallest input limit this mix fits: its sentences with a run tag and an edit stay shorter. */
    public static final int MIN_MAX_CHARS = 128;

    private static final List<String> SENTENCES = List.of(
            "Revenue rose 12% in the third quarter on strong cloud demand",
            "The bank cut its growth forecast after weak consumer spending",
            "Shares fell sharply when the merger talks collapsed",
            "Operating margin held steady despite higher input costs",
            "The central bank kept interest rates unchanged",
            "Analysts expect dividends to grow modestly next year",
            "The retailer warned of lower holiday sales",
            "Oil prices climbed as supply tightened",
            "The startup raised a large funding round led by new investors",
            "Net debt decreased thanks to solid free cash flow",
            "Inflation surprised on the upside in March",
            "The company announced layoffs across its European offices");
    private static final List<String> WORDS = List.of(
            "sharply", "slightly", "unexpectedly", "again", "reportedly", "quietly", "finally", "still");

    private final Random random;
    private final List<String> pool;
    private final OddInputs odd;
    private long mutations;

    /**
     * @param tag      marks this run's inputs so that an earlier run's cached results are not hit
     * @param maxChars the API's input limit, in code points, at least {@link #MIN_MAX_CHARS}; no input is longer
     */
    public OriginalInputs(Random random, String tag, int maxChars) {
        if (maxChars < MIN_MAX_CHARS) {
            throw new IllegalArgumentException("the input limit must be at least " + MIN_MAX_CHARS + ": " + maxChars);
        }
        this.random = random;
        this.pool = SENTENCES.stream().map(s -> s + " [" + tag + "]").toList();
        this.odd = new OddInputs(random, maxChars);
    }

    /** The inputs that repeats are drawn from. */
    public List<String> pool() {
        return pool;
    }

    @Override
    public synchronized Input next() {
        double draw = random.nextDouble();
        if (draw < REPEAT_SHARE) {
            return new Input(pick(), InputKind.REPEAT);
        }
        if (draw < REPEAT_SHARE + MUTATED_SHARE) {
            return new Input(mutate(pick()), InputKind.MUTATED);
        }
        return new Input(odd.next(), InputKind.ODD);
    }

    private String pick() {
        return pool.get(random.nextInt(pool.size()));
    }

    /** Inserts a word at a random place; the numbered edit makes every mutation new to the cache. */
    private String mutate(String input) {
        String[] words = input.split(" ");
        int at = random.nextInt(words.length);
        words[at] = words[at] + " " + WORDS.get(random.nextInt(WORDS.size()));
        return String.join(" ", words) + " (edit " + ++mutations + ")";
    }
}
