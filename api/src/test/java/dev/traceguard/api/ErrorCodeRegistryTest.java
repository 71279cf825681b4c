package dev.traceguard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collection;
import org.junit.jupiter.api.Test;

class ErrorCodeRegistryTest {

  enum UserError implements ErrorCode {
    NOT_FOUND(1001, 404, "User not found"),
    LOCKED(1002, 423, "User locked");

    private final int code;
    private final int httpStatus;
    private final String title;

    UserError(int code, int httpStatus, String title) {
      this.code = code;
      this.httpStatus = httpStatus;
      this.title = title;
    }

    @Override
    public int code() {
      return code;
    }

    @Override
    public String domain() {
      return "USER";
    }

    @Override
    public int httpStatus() {
      return httpStatus;
    }

    @Override
    public String title() {
      return title;
    }
  }

  /** Same domain and number as {@link UserError#NOT_FOUND}, but a different constant. */
  enum ClashingError implements ErrorCode {
    GONE;

    @Override
    public int code() {
      return 1001;
    }

    @Override
    public String domain() {
      return "USER";
    }

    @Override
    public int httpStatus() {
      return 410;
    }

    @Override
    public String title() {
      return "User gone";
    }
  }

  /** Same number as {@link UserError#NOT_FOUND} in another domain: no clash. */
  enum PaymentError implements ErrorCode {
    DECLINED;

    @Override
    public int code() {
      return 1001;
    }

    @Override
    public String domain() {
      return "PAYMENT";
    }

    @Override
    public int httpStatus() {
      return 402;
    }

    @Override
    public String title() {
      return "Payment declined";
    }
  }

  /** One constant per validation rule; each overrides the field it breaks. */
  enum MalformedError implements ErrorCode {
    BLANK_DOMAIN {
      @Override
      public String domain() {
        return "  ";
      }
    },
    NULL_DOMAIN {
      @Override
      public String domain() {
        return null;
      }
    },
    BLANK_TITLE {
      @Override
      public String title() {
        return "\t";
      }
    },
    NULL_TITLE {
      @Override
      public String title() {
        return null;
      }
    },
    STATUS_99 {
      @Override
      public int httpStatus() {
        return 99;
      }
    },
    STATUS_600 {
      @Override
      public int httpStatus() {
        return 600;
      }
    },
    STATUS_100 {
      @Override
      public int httpStatus() {
        return 100;
      }
    },
    STATUS_599 {
      @Override
      public int httpStatus() {
        return 599;
      }
    };

    @Override
    public int code() {
      return ordinal();
    }

    @Override
    public String domain() {
      return "MALFORMED";
    }

    @Override
    public int httpStatus() {
      return 500;
    }

    @Override
    public String title() {
      return "Malformed";
    }
  }

  /** An enum with two bad constants after a good one, to show which one registerAll reports. */
  enum PartlyBadError implements ErrorCode {
    GOOD(1, 400),
    BAD(2, 700),
    ALSO_BAD(3, 50);

    private final int code;
    private final int httpStatus;

    PartlyBadError(int code, int httpStatus) {
      this.code = code;
      this.httpStatus = httpStatus;
    }

    @Override
    public int code() {
      return code;
    }

    @Override
    public String domain() {
      return "PARTLY";
    }

    @Override
    public int httpStatus() {
      return httpStatus;
    }

    @Override
    public String title() {
      return "Partly bad";
    }
  }

  /** A code that is not an enum, to check how such codes are described and compared. */
  record RecordError(String domain, int code, int httpStatus, String title) implements ErrorCode {}

  private static final String USER_ERROR = UserError.class.getName();
  private static final String MALFORMED = MalformedError.class.getName();

  @Test
  void register_newCode_isFoundByDomainAndNumber() {
    ErrorCodeRegistry registry = new ErrorCodeRegistry();

    ErrorCodeRegistry returned = registry.register(UserError.NOT_FOUND);

    assertThat(returned).isSameAs(registry);
    assertThat(registry.find("USER", 1001)).containsSame(UserError.NOT_FOUND);
  }

  @Test
  void find_unknownDomainOrNumber_isEmpty() {
    ErrorCodeRegistry registry = new ErrorCodeRegistry().register(UserError.NOT_FOUND);

    assertThat(registry.find("USER", 1002)).isEmpty();
    assertThat(registry.find("PAYMENT", 1001)).isEmpty();
    assertThat(registry.find("user", 1001)).isEmpty();
  }

  @Test
  void find_emptyRegistry_isEmpty() {
    assertThat(new ErrorCodeRegistry().find("USER", 1001)).isEmpty();
  }

  @Test
  void find_nullDomain_throwsNamingDomain() {
    ErrorCodeRegistry registry = new ErrorCodeRegistry();

    assertThatThrownBy(() -> registry.find(null, 1001))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("domain");
  }

  @Test
  void register_null_throwsNamingCode() {
    ErrorCodeRegistry registry = new ErrorCodeRegistry();

    assertThatThrownBy(() -> registry.register(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("code");
  }

  @Test
  void registerAll_enum_registersEveryConstant() {
    ErrorCodeRegistry registry = new ErrorCodeRegistry();

    ErrorCodeRegistry returned = registry.registerAll(UserError.class);

    assertThat(returned).isSameAs(registry);
    assertThat(registry.find("USER", 1001)).containsSame(UserError.NOT_FOUND);
    assertThat(registry.find("USER", 1002)).containsSame(UserError.LOCKED);
    assertThat(registry.codes()).containsExactlyInAnyOrder(UserError.NOT_FOUND, UserError.LOCKED);
  }

  @Test
  void registerAll_null_throwsNamingCodes() {
    ErrorCodeRegistry registry = new ErrorCodeRegistry();

    assertThatThrownBy(() -> registry.registerAll(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("codes");
  }

  @Test
  void registerAll_badConstants_throwsForFirstBadConstant() {
    ErrorCodeRegistry registry = new ErrorCodeRegistry();

    assertThatThrownBy(() -> registry.registerAll(PartlyBadError.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Error code " + PartlyBadError.class.getName()
            + ".BAD must have an HTTP status in [100, 599], was 700");
  }

  @Test
  void register_sameConstantTwice_isIdempotent() {
    ErrorCodeRegistry registry = new ErrorCodeRegistry().registerAll(UserError.class);

    registry.register(UserError.NOT_FOUND).registerAll(UserError.class);

    assertThat(registry.codes()).containsExactlyInAnyOrder(UserError.NOT_FOUND, UserError.LOCKED);
    assertThat(registry.find("USER", 1001)).containsSame(UserError.NOT_FOUND);
  }

  @Test
  void register_duplicateDomainAndCode_throwsNamingBothCodes() {
    ErrorCodeRegistry registry = new ErrorCodeRegistry().register(UserError.NOT_FOUND);

    assertThatThrownBy(() -> registry.register(ClashingError.GONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Duplicate error code USER/1001: " + ClashingError.class.getName() + ".GONE clashes with "
            + USER_ERROR + ".NOT_FOUND, registered before it");
  }

  @Test
  void register_duplicateDomainAndCode_keepsFirstCode() {
    ErrorCodeRegistry registry = new ErrorCodeRegistry().register(UserError.NOT_FOUND);

    assertThatThrownBy(() -> registry.register(ClashingError.GONE)).isInstanceOf(IllegalArgumentException.class);

    assertThat(registry.find("USER", 1001)).containsSame(UserError.NOT_FOUND);
    assertThat(registry.codes()).containsExactly(UserError.NOT_FOUND);
  }

  @Test
  void register_sameNumberInAnotherDomain_isAccepted() {
    ErrorCodeRegistry registry = new ErrorCodeRegistry().register(UserError.NOT_FOUND).register(PaymentError.DECLINED);

    assertThat(registry.find("USER", 1001)).containsSame(UserError.NOT_FOUND);
    assertThat(registry.find("PAYMENT", 1001)).containsSame(PaymentError.DECLINED);
  }

  @Test
  void register_equalNonEnumCodeTwice_isIdempotent() {
    ErrorCodeRegistry registry = new ErrorCodeRegistry().register(new RecordError("ORDER", 7, 409, "Conflict"));

    registry.register(new RecordError("ORDER", 7, 409, "Conflict"));

    assertThat(registry.codes()).containsExactly(new RecordError("ORDER", 7, 409, "Conflict"));
  }

  @Test
  void register_differentNonEnumCodeWithSameKey_throwsNamingClassAndNumber() {
    ErrorCodeRegistry registry = new ErrorCodeRegistry().register(new RecordError("ORDER", 7, 409, "Conflict"));
    String described = RecordError.class.getName() + "(7)";

    assertThatThrownBy(() -> registry.register(new RecordError("ORDER", 7, 410, "Gone")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Duplicate error code ORDER/7: " + described + " clashes with " + described
            + ", registered before it");
  }

  @Test
  void register_blankDomain_throws() {
    ErrorCodeRegistry registry = new ErrorCodeRegistry();

    assertThatThrownBy(() -> registry.register(MalformedError.BLANK_DOMAIN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Error code " + MALFORMED + ".BLANK_DOMAIN must have a non-blank domain");
  }

  @Test
  void register_nullDomain_throwsAsBlank() {
    ErrorCodeRegistry registry = new ErrorCodeRegistry();

    assertThatThrownBy(() -> registry.register(MalformedError.NULL_DOMAIN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Error code " + MALFORMED + ".NULL_DOMAIN must have a non-blank domain");
  }

  @Test
  void register_blankTitle_throws() {
    ErrorCodeRegistry registry = new ErrorCodeRegistry();

    assertThatThrownBy(() -> registry.register(MalformedError.BLANK_TITLE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Error code " + MALFORMED + ".BLANK_TITLE must have a non-blank title");
  }

  @Test
  void register_nullTitle_throwsAsBlank() {
    ErrorCodeRegistry registry = new ErrorCodeRegistry();

    assertThatThrownBy(() -> registry.register(MalformedError.NULL_TITLE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Error code " + MALFORMED + ".NULL_TITLE must have a non-blank title");
  }

  @Test
  void register_status99_throws() {
    ErrorCodeRegistry registry = new ErrorCodeRegistry();

    assertThatThrownBy(() -> registry.register(MalformedError.STATUS_99))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Error code " + MALFORMED + ".STATUS_99 must have an HTTP status in [100, 599], was 99");
  }

  @Test
  void register_status600_throws() {
    ErrorCodeRegistry registry = new ErrorCodeRegistry();

    assertThatThrownBy(() -> registry.register(MalformedError.STATUS_600))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Error code " + MALFORMED + ".STATUS_600 must have an HTTP status in [100, 599], was 600");
  }

  @Test
  void register_status100And599_areAccepted() {
    ErrorCodeRegistry registry = new ErrorCodeRegistry()
        .register(MalformedError.STATUS_100)
        .register(MalformedError.STATUS_599);

    assertThat(registry.codes()).containsExactlyInAnyOrder(MalformedError.STATUS_100, MalformedError.STATUS_599);
  }

  @Test
  void register_malformedCode_registersNothing() {
    ErrorCodeRegistry registry = new ErrorCodeRegistry();

    assertThatThrownBy(() -> registry.register(MalformedError.STATUS_600))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(registry.codes()).isEmpty();
    assertThat(registry.find("MALFORMED", MalformedError.STATUS_600.code())).isEmpty();
  }

  @Test
  void codes_laterRegistration_notSeenBySnapshot() {
    ErrorCodeRegistry registry = new ErrorCodeRegistry().register(UserError.NOT_FOUND);

    Collection<ErrorCode> snapshot = registry.codes();
    registry.register(UserError.LOCKED);

    assertThat(snapshot).containsExactly(UserError.NOT_FOUND);
    assertThat(registry.codes()).containsExactlyInAnyOrder(UserError.NOT_FOUND, UserError.LOCKED);
  }

  @Test
  void codes_snapshot_isUnmodifiable() {
    Collection<ErrorCode> snapshot = new ErrorCodeRegistry().register(UserError.NOT_FOUND).codes();

    assertThatThrownBy(() -> snapshot.add(UserError.LOCKED)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void codes_emptyRegistry_isEmpty() {
    assertThat(new ErrorCodeRegistry().codes()).isEmpty();
  }
}
