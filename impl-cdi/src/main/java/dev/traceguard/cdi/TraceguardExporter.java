package dev.traceguard.cdi;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean of type {@code io.opentelemetry.sdk.trace.export.SpanExporter} as an additional exporter of the
 * application's runtime: spans go to it as well as to the configured exporters ({@code otel.traces.exporter}),
 * behind the same batch processor and personal-data masking.
 *
 * <pre>{@code
 * @Produces @TraceguardExporter @Singleton
 * SpanExporter auditExporter() { return new AuditSpanExporter(); }
 * }</pre>
 *
 * <p>Every such bean is looked up once, when the deployment is validated, before the runtime starts; the runtime
 * shuts the exporters down with itself when the application stops, so they must not be shut down elsewhere. Tests
 * use it to add an {@code InMemorySpanExporter}. Ignored when tracing is disabled ({@code otel.sdk.disabled=true}).
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.FIELD, ElementType.PARAMETER, ElementType.TYPE})
public @interface TraceguardExporter {

  /** The qualifier as a value, for programmatic lookup such as {@code Instance.select}. Immutable. */
  final class Literal extends AnnotationLiteral<TraceguardExporter> implements TraceguardExporter {
    private static final long serialVersionUID = 1L;

    /** The one instance. */
    public static final Literal INSTANCE = new Literal();

    private Literal() {}
  }
}
