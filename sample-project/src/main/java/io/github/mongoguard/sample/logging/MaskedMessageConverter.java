package io.github.mongoguard.sample.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %maskedMsg}: the message of a log line with every secret masked ({@link
 * io.github.mongoguard.sample.db.Database#maskSecrets}), whoever logged it, the driver included.
 */
public final class MaskedMessageConverter extends ClassicConverter {
  @Override
  public String convert(ILoggingEvent event) {
    return Masking.mask(event.getFormattedMessage());
  }
}
