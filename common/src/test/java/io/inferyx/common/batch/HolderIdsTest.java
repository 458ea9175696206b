package io.inferyx.common.batch;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HolderIdsTest {

    @Test
    void namesHoldersByInstanceAndRole() {
        assertThat(new HolderIds("host-a1").holder("mock-w3")).isEqualTo(new HolderId("host-a1-mock-w3"));
    }

    @Test
    void replacesCharactersOutsideTheAllowedAlphabet() {
        assertThat(new HolderIds("my host/01:x").holder("mock-w1").value()).isEqualTo("my-host-01-x-mock-w1");
        assertThat(new HolderIds("").holder("mock-w1").value()).isEqualTo("worker-mock-w1");
    }

    @Test
    void shortensTheInstanceButKeepsTheRoleWhenTooLong() {
        String longRole = "m".repeat(64) + "-w12345";
        HolderId id = new HolderIds("h".repeat(80)).holder(longRole);
        assertThat(id.value()).hasSizeLessThanOrEqualTo(100).endsWith("-" + longRole);
    }

    @Test
    void eachProcessStartGetsItsOwnNames() {
        HolderId first = HolderIds.forThisProcess().holder("mock-w1");
        HolderId second = HolderIds.forThisProcess().holder("mock-w1");
        assertThat(first).isNotEqualTo(second);
        assertThat(first.value()).endsWith("-mock-w1");
    }
}
