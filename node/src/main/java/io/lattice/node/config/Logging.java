package io.lattice.node.config;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code log.format} ("text" or "json" lines) to the console logs and, for nodes started by
 * {@code lattice up}, adds a log file. Does nothing when logback is not the SLF4J backend.
 */
public final class Logging {
  /** Lines of the consensus thread carry {@code h=<height> r=<round>} (empty elsewhere). */
  public static final String PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level [%thread]%replace( h=%X{height} r=%X{round}){'^"
          + " h= r=$', ''} %logger{0} - %msg%n";

  private Logging() {}

  public static void configure(String format, Optional<Path> file) {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (!(factory instanceof LoggerContext context)) {
      return;
    }
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    if (format.equals("json")) {
      List<OutputStreamAppender<ILoggingEvent>> streams = new ArrayList<>();
      for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
        if (it.next() instanceof OutputStreamAppender<ILoggingEvent> s) {
          streams.add(s);
        }
      }
      for (OutputStreamAppender<ILoggingEvent> s : streams) {
        s.stop();
        s.setEncoder(encoder(context, format));
        s.start();
      }
    }
    if (file.isPresent()) {
      FileAppender<ILoggingEvent> appender = new FileAppender<>();
      appender.setContext(context);
      appender.setName("FILE");
      appender.setFile(file.get().toString());
      appender.setAppend(true);
      appender.setEncoder(encoder(context, format));
      appender.start();
      root.addAppender(appender);
    }
  }

  private static Encoder<ILoggingEvent> encoder(LoggerContext context, String format) {
    if (format.equals("json")) {
      JsonEncoder json = new JsonEncoder();
      json.setContext(context);
      json.setWithFormattedMessage(true);
      json.setWithMessage(false);
      json.setWithArguments(false);
      json.setWithContext(false);
      json.start();
      return json;
    }
    PatternLayoutEncoder text = new PatternLayoutEncoder();
    text.setContext(context);
    text.setPattern(PATTERN);
    text.start();
    return text;
  }
}
