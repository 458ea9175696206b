package io.inferyx.loadtest.traffic;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RepeatShareInputsTest {

    @Test
    void repeatsTheGivenShareAndKeepsTheOthersUnique() {
        RepeatShareInputs inputs = new RepeatShareInputs(new Random(1), "t", 0.3);
        List<Input> drawn = Stream.generate(inputs::next).limit(10_000).toList();

        long repeats = drawn.stream().filter(i -> i.kind() == InputKind.REPEAT).count();
        assertThat(repeats / 10_000.0).isCloseTo(0.3, within(0.015));
        List<String> fresh = drawn.stream().filter(i -> i.kind() == InputKind.FRESH).map(Input::text).toList();
        assertThat(fresh).doesNotHaveDuplicates();
    }

    @Test
    void repeatsNothingWithAShareOfZero() {
        RepeatShareInputs inputs = new RepeatShareInputs(new Random(1), "t", 0);

        assertThat(Stream.generate(inputs::next).limit(1_000)).allMatch(i -> i.kind() == InputKind.FRESH);
    }
}
