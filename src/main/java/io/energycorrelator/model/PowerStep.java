package io.energycorrelator.model;

/** The house power just before and just after a state change, in watts. */
public record PowerStep(double beforeW, double afterW) {
}
