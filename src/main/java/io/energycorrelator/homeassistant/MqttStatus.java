package io.energycorrelator.homeassistant;

import java.util.Optional;

/**
 * How the Home Assistant sensors' MQTT publishing fares, for GET /health: {@value #DISABLED} when no broker is
 * set, {@value #CONNECTING} until the first publish, {@value #OK} after a publish went through, or why the last
 * one failed (the broker is down, or refused the credentials). A failure makes the service degraded, never
 * unhealthy: the correlations do not depend on it. Thread-safe.
 */
public final class MqttStatus {

    public static final String DISABLED = "disabled";
    public static final String CONNECTING = "connecting";
    public static final String OK = "ok";

    private volatile String state;
    private volatile boolean failing;

    private MqttStatus(String state) {
        this.state = state;
    }

    public static MqttStatus disabled() {
        return new MqttStatus(DISABLED);
    }

    public static MqttStatus enabled() {
        return new MqttStatus(CONNECTING);
    }

    public synchronized void published() {
        if (!DISABLED.equals(state)) {
            state = OK;
            failing = false;
        }
    }

    /** @param reason why the publish failed, as the broker or the client said (never holding the password) */
    public synchronized void failed(String reason) {
        if (!DISABLED.equals(state)) {
            state = reason;
            failing = true;
        }
    }

    /** The field of GET /health: disabled, connecting, ok, or the reason of the last failure. */
    public String field() {
        return state;
    }

    /** Why the last publish failed, when it did. */
    public synchronized Optional<String> problem() {
        return failing ? Optional.of(state) : Optional.empty();
    }
}
