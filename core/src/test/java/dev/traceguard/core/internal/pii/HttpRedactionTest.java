package dev.traceguard.core.internal.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeout;

import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class HttpRedactionTest {

  @Test
  void sensitiveHeaders_areTheWellKnownCredentialHeaders() {
    assertThat(HttpRedaction.SENSITIVE_HEADERS).containsExactlyInAnyOrder(
        "authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "x-auth-token");
    assertThatThrownBy(() -> HttpRedaction.SENSITIVE_HEADERS.add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "x-auth-token",
      "x-access-token", "x-amz-security-token", "x-goog-api-key", "x-csrf-token", "x-session-id", "x-db-password",
      "x-client-secret", "x-authenticated-user"})
  void isSensitiveHeader_credentialNameOrWord_trueWithoutExtras(String name) {
    assertThat(HttpRedaction.isSensitiveHeader(name, Set.of(), Set.of())).isTrue();
  }

  @Test
  void isSensitiveHeader_extraName_trueOnlyWhenListed() {
    assertThat(HttpRedaction.isSensitiveHeader("x-tenant-id", Set.of("x-tenant-id"), Set.of())).isTrue();
    assertThat(HttpRedaction.isSensitiveHeader("x-tenant-id", Set.of(), Set.of())).isFalse();
  }

  @Test
  void isSensitiveHeader_allowedName_falseUnlessAlsoRedacted() {
    assertThat(HttpRedaction.isSensitiveHeader("x-session-count", Set.of(), Set.of("x-session-count"))).isFalse();
    assertThat(HttpRedaction.isSensitiveHeader("authorization", Set.of(), Set.of("authorization"))).isFalse();
    assertThat(HttpRedaction.isSensitiveHeader("x-session-count", Set.of("x-session-count"),
        Set.of("x-session-count"))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"content-type", "accept", "user-agent", "x-request-id", "traceparent", "baggage", ""})
  void isSensitiveHeader_ordinaryName_false(String name) {
    assertThat(HttpRedaction.isSensitiveHeader(name, Set.of("x-other"), Set.of())).isFalse();
  }

  static Stream<Arguments> redacted() {
    return Stream.of(
        Arguments.of("password=hunter2", "password=[REDACTED]"),
        Arguments.of("a=1&token=abc&b=2", "a=1&token=[REDACTED]&b=2"),
        Arguments.of("https://h.example/cb?code=1&access_token=abc#s",
            "https://h.example/cb?code=1&access_token=[REDACTED]#s"),
        Arguments.of("https://h.example/login?user=bob&Password=x",
            "https://h.example/login?user=bob&Password=[REDACTED]"),
        Arguments.of("https://h.example/app;jsessionid=ABC123?x=1", "https://h.example/app;jsessionid=[REDACTED]?x=1"),
        Arguments.of("/app;JSESSIONID=ABC/next", "/app;JSESSIONID=[REDACTED]/next"),
        Arguments.of("https://h.example/cb#access_token=abc&state=xyz",
            "https://h.example/cb#access_token=[REDACTED]&state=xyz"),
        Arguments.of("API_KEY=k1&apikey=k2&x-api-key=k3", "API_KEY=[REDACTED]&apikey=[REDACTED]&x-api-key=[REDACTED]"),
        Arguments.of("client_secret=s&refresh_token=r&id_token=t",
            "client_secret=[REDACTED]&refresh_token=[REDACTED]&id_token=[REDACTED]"),
        Arguments.of("session=1&sessionid=2&SESSION_ID=3&session-id=4",
            "session=[REDACTED]&sessionid=[REDACTED]&SESSION_ID=[REDACTED]&session-id=[REDACTED]"),
        Arguments.of("pwd=1&passwd=2&authorization=Bearer%20x&db_password=3",
            "pwd=[REDACTED]&passwd=[REDACTED]&authorization=[REDACTED]&db_password=[REDACTED]"),
        Arguments.of("token=a=b&x=1", "token=[REDACTED]&x=1"),
        Arguments.of("redirect=/cb?token=abc", "redirect=/cb?token=[REDACTED]"),
        Arguments.of("Password=x;token=y", "Password=[REDACTED];token=[REDACTED]"),
        Arguments.of("token=abc#frag", "token=[REDACTED]#frag"),
        Arguments.of("user[password]=x&user[name]=bob", "user[password]=[REDACTED]&user[name]=bob"),
        Arguments.of("q=caf%C3%A9&secret=%F0%9F%98%80&lang=ko", "q=caf%C3%A9&secret=[REDACTED]&lang=ko"),
        Arguments.of("https://h.example/?token=", "https://h.example/?token="),
        Arguments.of("https://h.example/p?a=&password=x&password=y",
            "https://h.example/p?a=&password=[REDACTED]&password=[REDACTED]"));
  }

  @ParameterizedTest
  @MethodSource("redacted")
  void redactQuery_secretNamedParameters_valuesRedactedRestKept(String input, String expected) {
    assertThat(HttpRedaction.redactQuery(input)).isEqualTo(expected);
  }

  @ParameterizedTest
  @MethodSource("redacted")
  void redactQuery_appliedTwice_sameAsOnce(String input, String expected) {
    String once = HttpRedaction.redactQuery(input);

    assertThat(HttpRedaction.redactQuery(once)).isSameAs(once);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "https://h.example/x", "a=1&b=2", "tokens=5", "token_type=bearer", "max_tokens=1", "password=",
      "password=[REDACTED]", "https://h.example/a?x", "no equals sign", "=abc", "%70assword=x",
      "https://h.example/users?email=alice@example.com", "passwords=x", "user[name]=x"})
  void redactQuery_nothingSecretNamed_returnsInputInstance(String input) {
    assertThat(HttpRedaction.redactQuery(input)).isSameAs(input);
  }

  @Test
  void redactQuery_manyEqualsSigns_linear() {
    String equalsOnly = "=".repeat(200_000);
    String pairs = "x=".repeat(100_000);
    String secrets = "token=a&".repeat(50_000);

    assertTimeout(Duration.ofSeconds(20), () -> {
      assertThat(HttpRedaction.redactQuery(equalsOnly)).isSameAs(equalsOnly);
      assertThat(HttpRedaction.redactQuery(pairs)).isSameAs(pairs);
      assertThat(HttpRedaction.redactQuery(secrets)).isEqualTo("token=[REDACTED]&".repeat(50_000));
    });
  }

  @Test
  void redactQuery_randomTexts_neverThrowAndIdempotent() {
    Random random = new Random(0x71756572794cL);
    String alphabet = "=&;#?/:aA token password session api_key x-.%[]\u00e9";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(80);
      while (text.length() < length) {
        if (random.nextInt(4) == 0) {
          text.append("token=");
        } else {
          text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
      }
      String once = HttpRedaction.redactQuery(text.toString());
      assertThat(HttpRedaction.redactQuery(once)).as("idempotent for %s", text).isSameAs(once);
    }
  }
}
