package dev.traceguard.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {

  /** Declares only the four required members, so {@code type()} is the interface's default. */
  enum PlainError implements ErrorCode {
    INVALID;

    @Override
    public int code() {
      return 1;
    }

    @Override
    public String domain() {
      return "PLAIN";
    }

    @Override
    public int httpStatus() {
      return 400;
    }

    @Override
    public String title() {
      return "Invalid";
    }
  }

  @Test
  void type_notOverridden_isAboutBlank() {
    assertThat(PlainError.INVALID.type()).isEqualTo(URI.create("about:blank"));
  }

  @Test
  void type_notOverridden_isTheSharedConstant() {
    assertThat(PlainError.INVALID.type()).isSameAs(ErrorCode.ABOUT_BLANK);
  }

  @Test
  void aboutBlank_isTheRfc9457DefaultType() {
    assertThat(ErrorCode.ABOUT_BLANK).hasToString("about:blank");
    assertThat(ErrorCode.ABOUT_BLANK.getScheme()).isEqualTo("about");
    assertThat(ErrorCode.ABOUT_BLANK.getSchemeSpecificPart()).isEqualTo("blank");
  }
}
