package io.energycorrelator.config;

/** A configuration value that stops start-up. The message names the key, its variable and what is allowed. */
public class InvalidSettingException extends RuntimeException {

    public InvalidSettingException(String message) {
        super(message);
    }
}
