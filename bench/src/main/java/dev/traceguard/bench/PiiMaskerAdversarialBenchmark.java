package dev.traceguard.bench;

import dev.traceguard.api.PiiDetector;
import dev.traceguard.core.internal.pii.ScanningPiiMasker;
import dev.traceguard.tck.AdversarialPiiTexts;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The masker on inputs built to make a scanner go back over what it read ({@link AdversarialPiiTexts}): each shape
 * repeats the start of a detector's match that never completes, from 1 KB to 4 MB. Linear time shows as the same
 * MB/s at every size; a scan that is quadratic on a shape loses a factor of four in MB/s for each fourfold size (a
 * 1 MB exception message of {@code @a} once stalled the export thread for 20 s). Reports the {@code bytes} counter as in
 * {@link PiiMaskerBenchmark}: characters per microsecond, MB/s.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class PiiMaskerAdversarialBenchmark {

  /** The masker and one adversarial text. */
  @State(Scope.Benchmark)
  public static class Input {
    /** What repeats: the start of a match that never completes ({@link AdversarialPiiTexts}). */
    @Param({"atA", "aAt", "percent40", "emailDomainLabels", "digits", "digitSpaces", "digitDashes", "separators",
        "base64", "keyValues", "bearers", "jwtStarts", "phoneStarts", "ibanStarts", "tokenStarts", "pemHeaders",
        "quotedSecrets", "localRuns"})
    public String shape = "atA";

    /** The text's length in characters (bytes: every shape is ASCII). */
    @Param({"1024", "65536", "4194304"})
    public int size = 1024;

    ScanningPiiMasker masker = ScanningPiiMasker.create(EnumSet.allOf(PiiDetector.class), List.of());
    String text = "";

    @Setup(Level.Trial)
    public void setUp() {
      text = AdversarialPiiTexts.text(shape, size);
      masker.mask(text); // fails the trial here, not in a measurement, if it ever throws
    }
  }

  /** Masks the adversarial text once. */
  @Benchmark
  public String mask(Input in, MaskedBytes counter) {
    counter.bytes += in.text.length();
    return in.masker.mask(in.text);
  }
}
