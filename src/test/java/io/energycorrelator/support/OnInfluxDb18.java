package io.energycorrelator.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a test class's {@link InfluxDbExtension} buckets on a real InfluxDB 1.8 (Flux enabled, auth on, as the Home
 * Assistant OS add-on runs it) instead of 2.x: put on a subclass of a 2.x test to run the same tests there.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface OnInfluxDb18 {
}
