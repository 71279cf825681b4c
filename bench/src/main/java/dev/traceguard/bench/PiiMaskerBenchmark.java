package dev.traceguard.bench;

import dev.traceguard.api.PiiDetector;
import dev.traceguard.core.internal.pii.ScanningPiiMasker;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The throughput of {@link ScanningPiiMasker} with every built-in detector on and no custom pattern, the masker every
 * span passes through on export by default.
 *
 * <p>Besides operations per microsecond, each benchmark reports a {@code bytes} counter: characters masked per
 * microsecond. Every input is ASCII, so one character is one byte, and bytes per microsecond are MB/s (10<sup>6</sup>
 * bytes a second) with no conversion.
 *
 * <p>The inputs are built once, in {@link Inputs#setUp()}, which also checks what each input is: the clean texts
 * must come back unchanged (the same instance), the dense text must come back masked; it prints how many of the
 * span's strings were masked.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PiiMaskerBenchmark {

  /** The masker and the texts it masks. */
  @State(Scope.Benchmark)
  public static class Inputs {
    ScanningPiiMasker masker = ScanningPiiMasker.create(EnumSet.allOf(PiiDetector.class), List.of());
    String clean = "";
    String cleanNoCandidates = "";
    String dense = "";
    String[] span = new String[0];
    long spanChars;

    @Setup(Level.Trial)
    public void setUp() {
      masker = ScanningPiiMasker.create(EnumSet.allOf(PiiDetector.class), List.of());
      clean = PiiTexts.clean();
      cleanNoCandidates = PiiTexts.cleanNoCandidates();
      dense = PiiTexts.dense();
      span = PiiTexts.span();
      spanChars = 0;
      for (String value : span) {
        spanChars += value.length();
      }
      if (masker.mask(clean) != clean) {
        throw new IllegalStateException("the clean input holds something the masker masks: " + masker.mask(clean));
      }
      if (masker.mask(cleanNoCandidates) != cleanNoCandidates) {
        throw new IllegalStateException("the clean input without candidates holds something the masker masks");
      }
      if (masker.mask(dense).equals(dense)) {
        throw new IllegalStateException("the dense input holds nothing the masker masks");
      }
      int masked = 0;
      for (String value : span) {
        if (!masker.mask(value).equals(value)) {
          masked++;
        }
      }
      System.out.printf("%n[inputs] clean %,d chars; dense %,d chars; span %d strings, %,d chars, %d masked%n",
          clean.length(), dense.length(), span.length, spanChars, masked);
    }
  }

  /** About 1 KB of span attribute text holding no personal data: URLs, class names, SQL, ids, timings. */
  @Benchmark
  public String clean(Inputs in, MaskedBytes counter) {
    counter.bytes += in.clean.length();
    return in.masker.mask(in.clean);
  }

  /** The same text without its order number: nothing for the pre-check to find, so no regular expression runs. */
  @Benchmark
  public String cleanNoCandidates(Inputs in, MaskedBytes counter) {
    counter.bytes += in.cleanNoCandidates.length();
    return in.masker.mask(in.cleanNoCandidates);
  }

  /** About 1 KB dense with personal data and secrets: e-mails, phones, cards, SSNs, bearer tokens, JWTs. */
  @Benchmark
  public String dense(Inputs in, MaskedBytes counter) {
    counter.bytes += in.dense.length();
    return in.masker.mask(in.dense);
  }

  /** One span's strings: 20 attribute values and a 30-frame stack trace, each masked on its own as on export. */
  @Benchmark
  public void span(Inputs in, MaskedBytes counter, Blackhole blackhole) {
    for (String value : in.span) {
      blackhole.consume(in.masker.mask(value));
    }
    counter.bytes += in.spanChars;
  }
}
