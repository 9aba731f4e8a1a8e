package io.github.mongoguard.sample.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;

/** {@code %maskedEx}: the stack trace of a log line, causes included, with every secret masked. */
public final class MaskedThrowableConverter extends ThrowableProxyConverter {
  @Override
  protected String throwableProxyToString(IThrowableProxy proxy) {
    return Masking.mask(super.throwableProxyToString(proxy));
  }
}
