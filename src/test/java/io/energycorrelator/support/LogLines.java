package io.energycorrelator.support;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the service logs while a test runs, line by line as "LEVEL logger - message": an appender on the root
 * logger of this JVM's Log4j, from {@link #capture()} until {@link #close()}.
 */
public final class LogLines extends AbstractAppender implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();

    private LogLines() {
        super("test-log-lines-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
    }

    public static LogLines capture() {
        LogLines appender = new LogLines();
        appender.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        configuration.getRootLogger().addAppender(appender, Level.ALL, null);
        for (LoggerConfig logger : configuration.getLoggers().values()) {
            if (!logger.isAdditive() && logger != configuration.getRootLogger()) {
                logger.addAppender(appender, Level.ALL, null);
            }
        }
        context.updateLoggers();
        return appender;
    }

    @Override
    public void append(LogEvent event) {
        lines.add(event.getLevel() + " " + event.getLoggerName() + " - " + event.getMessage().getFormattedMessage());
    }

    /** Every line so far. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** The lines at the given level (e.g. "ERROR") so far. */
    public List<String> at(String level) {
        return lines.stream().filter(l -> l.startsWith(level + " ")).toList();
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        configuration.getRootLogger().removeAppender(getName());
        configuration.getLoggers().values().forEach(l -> l.removeAppender(getName()));
        context.updateLoggers();
        stop();
    }
}
