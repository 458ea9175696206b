package io.inferyx.common.job;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobIdTest {

    @Test
    void randomIdsCarryTheirModelAndRoundTrip() {
        JobId id = JobId.random(ModelId.of("mock"));
        assertThat(id.toString()).matches("mock\\.[0-9a-f]{32}");
        assertThat(JobId.parse(id.toString())).isEqualTo(id);
        assertThat(JobId.random(ModelId.of("mock"))).isNotEqualTo(id);
    }

    @Test
    void derivedIdsAreStablePerClientAndKey() {
        ModelId mock = ModelId.of("mock");
        JobId id = JobId.derived(mock, "client-a", "order-17");

        assertThat(JobId.derived(mock, "client-a", "order-17")).isEqualTo(id);
        assertThat(JobId.derived(mock, "client-b", "order-17")).isNotEqualTo(id);
        assertThat(JobId.derived(mock, "client-a", "order-18")).isNotEqualTo(id);
        assertThat(JobId.derived(ModelId.of("other"), "client-a", "order-17").token()).isNotEqualTo(id.token());
        assertThat(JobId.parse(id.toString())).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "mock", "mock.", "mock.xyz", "MOCK.0123456789abcdef0123456789abcdef",
            "mo*ck.0123456789abcdef0123456789abcdef", "mock.0123456789ABCDEF0123456789ABCDEF",
            "{mock}.0123456789abcdef0123456789abcdef", "mock.0123456789abcdef0123456789abcdef0"})
    void rejectsMalformedIds(String value) {
        assertThatThrownBy(() -> JobId.parse(value)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Mock", "mo ck", "mock:1", "mo{ck}", "*", "-mock"})
    void modelIdsThatWouldBreakKeysAreInvalid(String value) {
        assertThat(ModelId.isValid(value)).isFalse();
        assertThatThrownBy(() -> ModelId.of(value)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void modelIdsAreBounded() {
        assertThat(ModelId.isValid("a".repeat(64))).isTrue();
        assertThat(ModelId.isValid("a".repeat(65))).isFalse();
    }
}
