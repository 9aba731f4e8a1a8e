/**
 * Logback converters that mask secrets in every log line of the sample ({@code logback.xml}):
 * {@code %maskedMsg} for messages, {@code %maskedEx} for stack traces.
 */
package io.github.mongoguard.sample.logging;
