package dev.traceguard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.core.GrpcRetryInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** How the two senders read a receiver's request for quiet: {@code Retry-After} and gRPC's RetryInfo. */
class ThrottlingSendersTest {

  private static String statusDetails(long seconds, int nanos) throws IOException {
    // gRPC sends binary metadata as base64 without padding.
    return Base64.getEncoder().withoutPadding().encodeToString(GrpcRetryInfo.status(8, seconds, nanos));
  }

  @Test
  void retryDelay_statusWithRetryInfoAmongOtherDetails_readsItsDelay() throws IOException {
    assertThat(GrpcRetryDelay.of(statusDetails(2, 500_000_000))).isEqualTo(Duration.ofMillis(2_500));
  }

  @Test
  void retryDelay_noRetryInfo_zero() throws IOException {
    ByteArrayOutputStream status = new ByteArrayOutputStream();
    com.google.protobuf.CodedOutputStream out = com.google.protobuf.CodedOutputStream.newInstance(status);
    out.writeInt32(1, 14);
    out.writeString(2, "unavailable");
    out.flush();

    assertThat(GrpcRetryDelay.of(Base64.getEncoder().encodeToString(status.toByteArray())))
        .isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"not base64 !", "AAAA", "CgEx/w"})
  void retryDelay_garbage_zeroWithoutThrowing(String details) {
    assertThat(GrpcRetryDelay.of(details)).isZero();
  }

  @Test
  void retryAfter_seconds_readAndCappedAtADay() {
    assertThat(ThrottlingHttpSender.retryAfter("2")).isEqualTo(Duration.ofSeconds(2));
    assertThat(ThrottlingHttpSender.retryAfter(" 120 ")).isEqualTo(Duration.ofMinutes(2));
    assertThat(ThrottlingHttpSender.retryAfter("99999999")).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void retryAfter_httpDate_waitUntilThen() {
    String inAMinute = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(60));

    assertThat(ThrottlingHttpSender.retryAfter(inAMinute)).isBetween(Duration.ofSeconds(55), Duration.ofSeconds(60));
    assertThat(ThrottlingHttpSender.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).as("in the past").isZero();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"0", "-5", "soon", "1.5"})
  void retryAfter_absentOrUnreadable_zero(String value) {
    assertThat(ThrottlingHttpSender.retryAfter(value)).isZero();
  }
}
