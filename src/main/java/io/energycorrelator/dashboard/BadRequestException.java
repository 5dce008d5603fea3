package io.energycorrelator.dashboard;

/** A request the dashboard's API cannot answer as asked: HTTP 400, with this message as {@code {"error"}}. */
public class BadRequestException extends RuntimeException {

    public BadRequestException(String message) {
        super(message);
    }
}
