package io.energycorrelator.dashboard;

/** A request named a home this service does not serve (HTTP 404), or named none where there are several (400). */
public class NoSuchHomeException extends RuntimeException {

    private final int status;

    public NoSuchHomeException(String message, int status) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
