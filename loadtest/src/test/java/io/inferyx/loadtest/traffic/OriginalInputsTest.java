package io.inferyx.loadtest.traffic;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class OriginalInputsTest {

    private static final int API_LIMIT = 10_000;
    private static final int DRAWS = 20_000;

    private static List<Input> draw(long seed, int maxChars, int count) {
        OriginalInputs inputs = new OriginalInputs(new Random(seed), "t1", maxChars);
        return Stream.generate(inputs::next).limit(count).toList();
    }

    @Test
    void mixesSeventyPercentRepeatsTwentyMutatedAndTenOdd() {
        Map<InputKind, Long> kinds = draw(3, API_LIMIT, DRAWS).stream()
                .collect(Collectors.groupingBy(Input::kind, Collectors.counting()));

        // 3 standard deviations of a share over 20,000 draws are at most 0.01
        assertThat(kinds.get(InputKind.REPEAT) / (double) DRAWS).isCloseTo(0.70, within(0.01));
        assertThat(kinds.get(InputKind.MUTATED) / (double) DRAWS).isCloseTo(0.20, within(0.01));
        assertThat(kinds.get(InputKind.ODD) / (double) DRAWS).isCloseTo(0.10, within(0.01));
        assertThat(kinds).doesNotContainKey(InputKind.FRESH);
    }

    @Test
    void repeatsComeFromASmallPoolOfTaggedInputs() {
        OriginalInputs inputs = new OriginalInputs(new Random(3), "t1", API_LIMIT);
        Set<String> repeated = Stream.generate(inputs::next).limit(DRAWS).filter(i -> i.kind() == InputKind.REPEAT)
                .map(Input::text).collect(Collectors.toSet());

        assertThat(inputs.pool()).hasSizeLessThanOrEqualTo(20).allSatisfy(text -> assertThat(text).endsWith("[t1]"));
        assertThat(repeated).isEqualTo(Set.copyOf(inputs.pool()));
    }

    @Test
    void mutatedInputsDifferFromThePoolAndFromEachOther() {
        OriginalInputs inputs = new OriginalInputs(new Random(3), "t1", API_LIMIT);
        List<String> mutated = Stream.generate(inputs::next).limit(DRAWS).filter(i -> i.kind() == InputKind.MUTATED)
                .map(Input::text).toList();

        assertThat(new HashSet<>(mutated)).hasSize(mutated.size()).doesNotContainAnyElementsOf(inputs.pool());
    }

    @Test
    void everyInputIsOneTheApiAccepts() {
        for (int limit : new int[]{API_LIMIT, OriginalInputs.MIN_MAX_CHARS}) {
            assertThat(draw(5, limit, DRAWS)).allSatisfy(input -> {
                assertThat(input.text()).isNotBlank();
                assertThat(input.text().codePointCount(0, input.text().length())).isLessThanOrEqualTo(limit);
            });
        }
    }

    @Test
    void oddInputsIncludeLongUnicodeAndWhitespaceOnes() {
        List<String> odd = draw(5, API_LIMIT, DRAWS).stream().filter(i -> i.kind() == InputKind.ODD)
                .map(Input::text).toList();

        assertThat(odd).anySatisfy(text -> assertThat(text.length()).isBetween(8_000, API_LIMIT));
        assertThat(odd).anySatisfy(text -> assertThat(text.codePoints().anyMatch(Character::isSupplementaryCodePoint)).isTrue());
        assertThat(odd).anySatisfy(text -> assertThat(text).isNotEqualTo(text.strip()));
        assertThat(odd).anySatisfy(text -> assertThat(text.length()).isLessThanOrEqualTo(2));
    }

    @Test
    void theSameSeedGivesTheSameInputs() {
        Function<Long, List<Input>> run = seed -> draw(seed, API_LIMIT, 500);

        assertThat(run.apply(11L)).isEqualTo(run.apply(11L));
        assertThat(run.apply(11L)).isNotEqualTo(run.apply(12L));
    }
}
