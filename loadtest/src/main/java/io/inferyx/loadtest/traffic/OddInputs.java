package io.inferyx.loadtest.traffic;

import java.util.List;
import java.util.Random;

/**
 * Unusual inputs that a valid client may still send: nearly empty, very long (but within the
 * API's limit), non-ASCII (including characters outside the Basic Multilingual Plane), odd
 * whitespace, and text that looks like markup or JSON. Never blank, never longer than the
 * limit: the API must accept every one of them.
 */
final class OddInputs {

    private static final List<String> TINY = List.of(".", "?", "a", "0", "\u200Bok");
    private static final List<String> UNICODE = List.of(
            "Überraschung: 株価が急上昇 📈 — الأرباح ارتفعت, ñandú, e\u0301 (combining accent)",
            "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝔦𝔫𝔭𝔲𝔱 🚀🔥💹 with emoji outside the BMP",
            "Ελληνικά, русский текст, עברית and 한국어 in one sentence");
    private static final List<String> WHITESPACE = List.of(
            "   leading and trailing spaces   ",
            "\ttabs\tbetween\twords\t",
            "line one\nline two\r\nline three\n\n",
            "\u00A0non-breaking\u00A0spaces\u2003and an em space");
    private static final List<String> MARKUP = List.of(
            "{\"input\": \"nested JSON\", \"model_id\": \"other\"}",
            "<b>bold</b> &amp; <script>alert('x')</script>",
            "quotes \" ' ` and backslashes \\ \\n %s %d ${value} {{template}}");
    private static final String LONG_UNIT = "Quarterly revenue grew while margins narrowed. ";

    private final Random random;
    private final int maxChars;

    OddInputs(Random random, int maxChars) {
        this.random = random;
        this.maxChars = maxChars;
    }

    String next() {
        return switch (random.nextInt(5)) {
            case 0 -> pick(TINY);
            case 1 -> veryLong();
            case 2 -> pick(UNICODE);
            case 3 -> pick(WHITESPACE);
            default -> pick(MARKUP);
        };
    }

    /** Between 80 % of the limit and the limit itself, in ASCII so characters and code points agree. */
    private String veryLong() {
        int length = Math.max(1, maxChars - random.nextInt(maxChars / 5 + 1));
        return LONG_UNIT.repeat(length / LONG_UNIT.length() + 1).substring(0, length - 1).stripTrailing() + ".";
    }

    private String pick(List<String> choices) {
        String choice = choices.get(random.nextInt(choices.size()));
        return choice.codePointCount(0, choice.length()) <= maxChars ? choice : "?";
    }
}
