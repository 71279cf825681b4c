package dev.traceguard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What a receiver or a damaged disk can hand the retry machinery, at random: the gRPC retry delay reader, the
 * {@code Retry-After} reader and the retry-file reader never throw anything but what they declare.
 */
class RetryParsersFuzzTest {
  private static final int ROUNDS = 20_000;
  private final Random random = new Random(21);

  private byte[] randomBytes(int max) {
    byte[] bytes = new byte[random.nextInt(max)];
    random.nextBytes(bytes);
    return bytes;
  }

  @Test
  void grpcRetryDelay_randomBytes_neverThrowsNeverNegative() {
    for (int i = 0; i < ROUNDS; i++) {
      String details = Base64.getEncoder().withoutPadding().encodeToString(randomBytes(64));

      assertThat(GrpcRetryDelay.of(details).isNegative()).as(details).isFalse();
    }
  }

  @Test
  void retryAfter_randomText_neverThrowsNeverNegative() {
    for (int i = 0; i < ROUNDS; i++) {
      String value = new String(randomBytes(40), java.nio.charset.StandardCharsets.ISO_8859_1);

      assertThat(ThrottlingHttpSender.retryAfter(value).isNegative()).as(value).isFalse();
    }
  }

  @Test
  void spanDataCodec_randomOrDamagedBytes_onlyIoException() throws IOException {
    java.io.ByteArrayOutputStream valid = new java.io.ByteArrayOutputStream();
    try (java.io.DataOutputStream out = new java.io.DataOutputStream(valid)) {
      SpanDataCodec.write(SpanDataCodecTest.richSpans(), out);
    }
    byte[] good = valid.toByteArray();
    for (int i = 0; i < 2_000; i++) {
      byte[] damaged = good.clone();
      for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
        damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
      }
      byte[] input = random.nextBoolean() ? damaged : randomBytes(200);
      assertThatCode(() -> {
        try {
          SpanDataCodec.read(new DataInputStream(new ByteArrayInputStream(input)));
        } catch (IOException expected) {
          // refused: what a damaged file must give
        }
      }).doesNotThrowAnyException();
    }
  }
}
