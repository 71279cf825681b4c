package dev.traceguard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.common.CompletableResultCode;
import org.junit.jupiter.api.Test;

class SdkMethodsTest {

  @Test
  void has_methodWithTheseParameters_true() {
    assertThat(SdkMethods.has(CompletableResultCode.class, "failExceptionally", Throwable.class)).isTrue();
  }

  @Test
  void has_noSuchNameOrParameters_false() {
    assertThat(SdkMethods.has(CompletableResultCode.class, "failExceptionally")).isFalse();
    assertThat(SdkMethods.has(CompletableResultCode.class, "getFailureReason")).isFalse();
  }
}
