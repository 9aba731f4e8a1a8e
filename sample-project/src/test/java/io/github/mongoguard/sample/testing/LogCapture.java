package io.github.mongoguard.sample.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Every log line of the process while open, from the SLF4J backend itself, as the console appender
 * of the configuration would write it (its layout, masking included), and each event's raw text
 * too. Lowers every logger to {@code level} meanwhile and keeps the console quiet.
 */
public final class LogCapture implements AutoCloseable {
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Map<Logger, Level> levels = new HashMap<>();
  private final List<Appender<ILoggingEvent>> detached = new ArrayList<>();
  private final Logger root;

  private LogCapture(Level level) {
    this(level, true);
  }

  private LogCapture(Level level, boolean lowerLevels) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    for (Logger logger : context.getLoggerList()) {
      levels.put(logger, logger.getLevel());
      if (lowerLevels && logger.getLevel() != null) {
        logger.setLevel(level);
      }
    }
    if (lowerLevels) {
      root.setLevel(level);
    }
    root.iteratorForAppenders().forEachRemaining(detached::add);
    detached.forEach(root::detachAppender);
    appender.setContext(context);
    appender.start();
    root.addAppender(appender);
  }

  /** Captures the lines the configured levels let through. */
  public static LogCapture keepingLevels() {
    return new LogCapture(Level.ALL, false);
  }

  /** Captures every line at {@code level} and above. */
  public static LogCapture at(Level level) {
    return new LogCapture(level);
  }

  /** The lines so far, as the console appender writes them: level, logger, message, trace. */
  public synchronized List<String> lines() {
    Layout<ILoggingEvent> layout = layout();
    List<String> lines = new ArrayList<>();
    for (ILoggingEvent event : List.copyOf(appender.list)) {
      lines.add(layout.doLayout(event));
    }
    return lines;
  }

  /** The lines so far as logged, before any layout: what a layout without masking would write. */
  public synchronized List<String> rawLines() {
    List<String> lines = new ArrayList<>();
    for (ILoggingEvent event : List.copyOf(appender.list)) {
      String line =
          event.getLevel() + " " + event.getLoggerName() + " - " + event.getFormattedMessage();
      if (event.getThrowableProxy() != null) {
        line += "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy());
      }
      lines.add(line);
    }
    return lines;
  }

  private Layout<ILoggingEvent> layout() {
    for (Appender<ILoggingEvent> console : detached) {
      if (console instanceof OutputStreamAppender<ILoggingEvent> stream
          && stream.getEncoder() instanceof LayoutWrappingEncoder<ILoggingEvent> encoder) {
        return encoder.getLayout();
      }
    }
    throw new IllegalStateException("the logging configuration has no console appender");
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
    detached.forEach(root::addAppender);
    levels.forEach(Logger::setLevel);
  }
}
