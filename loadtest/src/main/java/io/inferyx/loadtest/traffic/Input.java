package io.inferyx.loadtest.traffic;

/** The text of one request and why it was chosen. */
public record Input(String text, InputKind kind) {
}
