package verticles.testsupport;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Keeps what one logger logs in this JVM (an in-process node's), for tests that read log lines. */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture(String loggerName) {
        this.logger = (Logger) LoggerFactory.getLogger(loggerName);
        appender.start();
        logger.addAppender(appender);
    }

    public static LogCapture of(String loggerName) {
        return new LogCapture(loggerName);
    }

    /** What was logged so far, oldest first. */
    public List<ILoggingEvent> events() {
        // Appending holds the appender's lock, so a copy under it is consistent.
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    /** The value of a key-value pair an event was logged with, or null. */
    public static String value(ILoggingEvent event, String key) {
        return event.getKeyValuePairs() == null ? null : event.getKeyValuePairs().stream()
            .filter(kv -> key.equals(kv.key)).map(kv -> String.valueOf(kv.value)).findFirst().orElse(null);
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
    }
}
