package dev.traceguard.core.internal;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;

/**
 * Turns the delegate's DROP into RECORD_ONLY, so that a span the ratio sampler dropped still records and can be
 * exported if it ends in error (see {@link KeepErrorsSpanProcessor}). The trace flags stay unsampled, so callees
 * are not asked to sample. The cost: every dropped span becomes a full recording span. Thread-safe.
 */
public final class KeepErrorsSampler implements Sampler {
  private static final SamplingResult RECORD_ONLY = SamplingResult.create(SamplingDecision.RECORD_ONLY);

  private final Sampler delegate;

  /** Wraps {@code delegate}. */
  public KeepErrorsSampler(Sampler delegate) {
    this.delegate = delegate;
  }

  @Override
  public SamplingResult shouldSample(
      Context parentContext, String traceId, String name, SpanKind spanKind, Attributes attributes,
      List<LinkData> parentLinks) {
    SamplingResult result = delegate.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    return result.getDecision() == SamplingDecision.DROP ? RECORD_ONLY : result;
  }

  @Override
  public String getDescription() {
    return "KeepErrors{" + delegate.getDescription() + "}";
  }
}
