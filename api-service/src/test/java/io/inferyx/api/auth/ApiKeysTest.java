package io.inferyx.api.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeysTest {

    private final ApiKeys keys = new ApiKeys(List.of("alpha-key", "beta-key"));

    @ParameterizedTest
    @ValueSource(strings = {"alpha-key", "beta-key"})
    void acceptsEveryConfiguredKey(String key) {
        assertThat(keys.matches(key)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"alpha", "alpha-key ", "alpha-keyx", "ALPHA-KEY", "gamma-key"})
    void refusesAnythingElse(String key) {
        assertThat(keys.matches(key)).isFalse();
    }

    @Test
    void noKeysAcceptNothing() {
        assertThat(new ApiKeys(List.of()).matches("alpha-key")).isFalse();
    }

    @Test
    void readsTheTokenOfABearerHeaderWhateverTheSchemeCase() {
        assertThat(BearerAuthFilter.bearerToken("Bearer abc")).isEqualTo("abc");
        assertThat(BearerAuthFilter.bearerToken("bearer  abc ")).isEqualTo("abc");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"Basic YWxhZGRpbjpvcGVuc2VzYW1l", "Bearer", "Bearer   ", "abc", "Bearerabc"})
    void findsNoTokenInOtherHeaders(String header) {
        assertThat(BearerAuthFilter.bearerToken(header)).isNull();
    }
}
