package dev.traceguard.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Records a {@link Traced} method's argument as an attribute of the method's span. Strings, booleans, whole and
 * floating-point numbers keep their type; anything else is recorded as its {@code toString()}; null is not
 * recorded. Like every attribute, the value is masked for personal data before export.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface SpanAttribute {

  /** The attribute key, such as {@code payment.user_id}; non-blank. */
  String value();
}
