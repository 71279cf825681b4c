package dev.traceguard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class TraceguardExceptionTest {

  enum OrderError implements ErrorCode {
    OUT_OF_STOCK;

    @Override
    public int code() {
      return 3001;
    }

    @Override
    public String domain() {
      return "ORDER";
    }

    @Override
    public int httpStatus() {
      return 409;
    }

    @Override
    public String title() {
      return "Item out of stock";
    }
  }

  @Test
  void constructor_codeOnly_usesTitleAsDetailAndMessage() {
    TraceguardException exception = new TraceguardException(OrderError.OUT_OF_STOCK);

    assertThat(exception.errorCode()).isSameAs(OrderError.OUT_OF_STOCK);
    assertThat(exception.detail()).isEqualTo("Item out of stock");
    assertThat(exception).hasMessage("Item out of stock").hasNoCause();
  }

  @Test
  void constructor_detail_usesDetailAsMessage() {
    TraceguardException exception = new TraceguardException(OrderError.OUT_OF_STOCK, "Only 2 left");

    assertThat(exception.errorCode()).isSameAs(OrderError.OUT_OF_STOCK);
    assertThat(exception.detail()).isEqualTo("Only 2 left");
    assertThat(exception).hasMessage("Only 2 left").hasNoCause();
  }

  @Test
  void constructor_detailAndCause_keepsCauseAndUsesDetailAsMessage() {
    IOException cause = new IOException("disk full");

    TraceguardException exception = new TraceguardException(OrderError.OUT_OF_STOCK, "Only 2 left", cause);

    assertThat(exception.errorCode()).isSameAs(OrderError.OUT_OF_STOCK);
    assertThat(exception.detail()).isEqualTo("Only 2 left");
    assertThat(exception).hasMessage("Only 2 left").cause().isSameAs(cause);
  }

  @Test
  void constructor_detailAndNullCause_hasNoCause() {
    TraceguardException exception = new TraceguardException(OrderError.OUT_OF_STOCK, "Only 2 left", null);

    assertThat(exception).hasMessage("Only 2 left").hasNoCause();
  }

  @Test
  void constructor_separateMessage_keepsDetailPublicAndMessageInternal() {
    IOException cause = new IOException("disk full");

    TraceguardException exception =
        new TraceguardException(OrderError.OUT_OF_STOCK, "Item unavailable", "SKU 4711 for alice@example.com", cause);

    assertThat(exception.errorCode()).isSameAs(OrderError.OUT_OF_STOCK);
    assertThat(exception.detail()).isEqualTo("Item unavailable");
    assertThat(exception).hasMessage("SKU 4711 for alice@example.com").cause().isSameAs(cause);
  }

  @Test
  void constructor_separateMessageWithoutCause_hasNoCause() {
    TraceguardException exception =
        new TraceguardException(OrderError.OUT_OF_STOCK, "Item unavailable", "SKU 4711", null);

    assertThat(exception.detail()).isEqualTo("Item unavailable");
    assertThat(exception).hasMessage("SKU 4711").hasNoCause();
  }

  @Test
  void constructor_nullCodeOnly_throwsNamingErrorCode() {
    assertThatThrownBy(() -> new TraceguardException(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("errorCode");
  }

  @Test
  void constructor_nullCodeWithDetail_throwsNamingErrorCode() {
    assertThatThrownBy(() -> new TraceguardException(null, "Only 2 left"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("errorCode");
  }

  @Test
  void constructor_nullCodeWithDetailAndCause_throwsNamingErrorCode() {
    assertThatThrownBy(() -> new TraceguardException(null, "Only 2 left", new IOException()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("errorCode");
  }

  @Test
  void constructor_nullCodeWithSeparateMessage_throwsNamingErrorCode() {
    assertThatThrownBy(() -> new TraceguardException(null, "Item unavailable", "SKU 4711", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("errorCode");
  }

  @Test
  void constructor_nullDetailWithSeparateMessage_throwsNamingDetail() {
    assertThatThrownBy(() -> new TraceguardException(OrderError.OUT_OF_STOCK, null, "SKU 4711", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("detail");
  }

  @Test
  void constructor_nullMessage_throwsNamingMessage() {
    assertThatThrownBy(() -> new TraceguardException(OrderError.OUT_OF_STOCK, "Item unavailable", null, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("message");
  }

  @Test
  void constructor_nullDetailWithoutMessage_throwsNamingDetail() {
    assertThatThrownBy(() -> new TraceguardException(OrderError.OUT_OF_STOCK, (String) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("detail");
    assertThatThrownBy(() -> new TraceguardException(OrderError.OUT_OF_STOCK, null, new IOException()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("detail");
  }
}
