package dev.traceguard.core;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSamplerProvider;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test-only sampler provider named {@value #NAME}, registered in {@code META-INF/services}: selected with {@code
 * otel.traces.sampler=test-sampler}, it samples every span and counts its decisions in {@link #calls()}.
 */
public final class CountingSamplerTestProvider implements ConfigurableSamplerProvider {
  static final String NAME = "test-sampler";

  private static final AtomicLong CALLS = new AtomicLong();

  /** Called by the service loader. */
  public CountingSamplerTestProvider() {}

  /** Returns how many sampling decisions every sampler this provider made so far took. */
  static long calls() {
    return CALLS.get();
  }

  @Override
  public Sampler createSampler(ConfigProperties config) {
    return new Sampler() {
      @Override
      public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
          Attributes attributes, List<LinkData> parentLinks) {
        CALLS.incrementAndGet();
        return SamplingResult.recordAndSample();
      }

      @Override
      public String getDescription() {
        return "CountingTestSampler";
      }
    };
  }

  @Override
  public String getName() {
    return NAME;
  }
}
