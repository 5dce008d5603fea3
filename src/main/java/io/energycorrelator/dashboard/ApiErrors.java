package io.energycorrelator.dashboard;


import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The JSON bodies of the dashboard API's errors: {@code {"error": "..."}}, never a stack trace. */
public class ApiErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    public record Error(String error) {
    }

    /** 400: the message says which parameter and what it may be. */
    public Error badRequest(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) BadRequestException e) {
        return new Error(e.getMessage());
    }

    /** 400 or 404: the request named no home, or one this process does not serve. */
    public Error noSuchHome(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) NoSuchHomeException e) {
        return new Error(e.getMessage());
    }

    /** 503: InfluxDB could not answer; the cause goes to the log, /health tells the operator the rest. */
    public Error unavailable(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception e) {
        LOG.warn("A dashboard query failed: {}", e.getMessage());
        return new Error("InfluxDB could not be read; see /health");
    }
}
