package dev.traceguard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class StackTracesTest {

  private static final StackTraceElement[] NO_FRAMES = new StackTraceElement[0];

  private static <T extends Throwable> T withFrames(T t, StackTraceElement... frames) {
    t.setStackTrace(frames);
    return t;
  }

  private static StackTraceElement frame(String className, String method, String file, int line) {
    return new StackTraceElement(className, method, file, line);
  }

  @Test
  void sanitized_moreFramesThanLimit_keepsLimitAndCountsRest() {
    IllegalStateException error = withFrames(new IllegalStateException("boom"),
        frame("com.acme.A", "a", "A.java", 1),
        frame("com.acme.B", "b", "B.java", 2),
        frame("com.acme.C", "c", "C.java", 3),
        frame("com.acme.D", "d", "D.java", 4),
        frame("com.acme.E", "e", "E.java", 5));

    assertThat(StackTraces.sanitized(error, 2)).isEqualTo(
        "java.lang.IllegalStateException: boom\n"
            + "\tat com.acme.A.a(A.java:1)\n"
            + "\tat com.acme.B.b(B.java:2)\n"
            + "\t... 3 more\n");
  }

  @Test
  void sanitized_framesWithinLimit_noMoreLine() {
    IllegalStateException error = withFrames(new IllegalStateException("boom"),
        frame("com.acme.A", "a", "A.java", 1),
        frame("com.acme.B", "b", "B.java", 2));

    assertThat(StackTraces.sanitized(error, 2)).isEqualTo(
        "java.lang.IllegalStateException: boom\n"
            + "\tat com.acme.A.a(A.java:1)\n"
            + "\tat com.acme.B.b(B.java:2)\n");
  }

  @Test
  void sanitized_zeroOrNegativeFrames_headerAndCountOnly() {
    IllegalStateException error = withFrames(new IllegalStateException("boom"),
        frame("com.acme.A", "a", "A.java", 1),
        frame("com.acme.B", "b", "B.java", 2));

    String expected = "java.lang.IllegalStateException: boom\n\t... 2 more\n";
    assertThat(StackTraces.sanitized(error, 0)).isEqualTo(expected);
    assertThat(StackTraces.sanitized(error, -5)).isEqualTo(expected);
  }

  @Test
  void sanitized_causeChain_causedByHeadersEachWithOwnFrameLimit() {
    IllegalArgumentException root = withFrames(new IllegalArgumentException("bad id"),
        frame("com.acme.Repo", "load", "Repo.java", 7),
        frame("com.acme.Repo", "find", "Repo.java", 3));
    IllegalStateException error = withFrames(new IllegalStateException("lookup failed", root),
        frame("com.acme.Service", "get", "Service.java", 42));

    assertThat(StackTraces.sanitized(error, 1)).isEqualTo(
        "java.lang.IllegalStateException: lookup failed\n"
            + "\tat com.acme.Service.get(Service.java:42)\n"
            + "Caused by: java.lang.IllegalArgumentException: bad id\n"
            + "\tat com.acme.Repo.load(Repo.java:7)\n"
            + "\t... 1 more\n");
  }

  @Test
  void sanitized_cycleInCauseChain_terminatesWithCircularReference() {
    IllegalStateException first = withFrames(new IllegalStateException("a"), NO_FRAMES);
    IllegalArgumentException second = withFrames(new IllegalArgumentException("b"), NO_FRAMES);
    first.initCause(second);
    second.initCause(first);

    assertThat(StackTraces.sanitized(first, 10)).isEqualTo(
        "java.lang.IllegalStateException: a\n"
            + "Caused by: java.lang.IllegalArgumentException: b\n"
            + "Caused by: [CIRCULAR REFERENCE: java.lang.IllegalStateException]\n");
  }

  @Test
  void sanitized_chainLongerThanCap_stopsAfterCap() {
    Throwable error = withFrames(new IllegalStateException("0"), NO_FRAMES);
    Throwable deepest = error;
    for (int i = 1; i < StackTraces.MAX_CHAIN + 4; i++) {
      Throwable cause = withFrames(new IllegalStateException(Integer.toString(i)), NO_FRAMES);
      deepest.initCause(cause);
      deepest = cause;
    }

    String trace = StackTraces.sanitized(error, 10);

    StringBuilder expected = new StringBuilder("java.lang.IllegalStateException: 0\n");
    for (int i = 1; i < StackTraces.MAX_CHAIN; i++) {
      expected.append("Caused by: java.lang.IllegalStateException: ").append(i).append('\n');
    }
    expected.append("\t... further causes omitted\n");
    assertThat(trace).isEqualTo(expected.toString());
  }

  @Test
  void sanitized_nullMessage_headerIsClassNameOnly() {
    IllegalStateException error = withFrames(new IllegalStateException(), frame("com.acme.A", "a", "A.java", 1));

    assertThat(StackTraces.sanitized(error, 5)).isEqualTo(
        "java.lang.IllegalStateException\n"
            + "\tat com.acme.A.a(A.java:1)\n");
  }

  @Test
  void sanitized_nativeUnknownSourceAndNoLineFrames_formattedLikeJdk() {
    IllegalStateException error = withFrames(new IllegalStateException("boom"),
        frame("jdk.internal.misc.Unsafe", "park", "Unsafe.java", -2),
        frame("com.acme.Generated$$Proxy", "call", null, -1),
        frame("com.acme.Generated$$Proxy", "call", null, 12),
        frame("com.acme.NoLines", "run", "NoLines.java", -1));

    assertThat(StackTraces.sanitized(error, 10)).isEqualTo(
        "java.lang.IllegalStateException: boom\n"
            + "\tat jdk.internal.misc.Unsafe.park(Native Method)\n"
            + "\tat com.acme.Generated$$Proxy.call(Unknown Source)\n"
            + "\tat com.acme.Generated$$Proxy.call(Unknown Source)\n"
            + "\tat com.acme.NoLines.run(NoLines.java)\n");
  }

  @Test
  void sanitized_frameWithClassLoaderAndModule_neitherAppears() {
    StackTraceElement withModule =
        new StackTraceElement("webapp-loader", "com.acme.orders", "2.1", "com.acme.orders.Api", "place", "Api.java", 9);
    IllegalStateException error = withFrames(new IllegalStateException("boom"), withModule);

    String trace = StackTraces.sanitized(error, 10);

    assertThat(withModule.toString()).contains("webapp-loader/com.acme.orders@2.1/");
    assertThat(trace).isEqualTo(
        "java.lang.IllegalStateException: boom\n"
            + "\tat com.acme.orders.Api.place(Api.java:9)\n");
    assertThat(trace).doesNotContain("webapp-loader").doesNotContain("@2.1");
  }

  @Test
  void sanitized_suppressedExceptions_leftOut() {
    IllegalStateException error = withFrames(new IllegalStateException("boom"), NO_FRAMES);
    error.addSuppressed(withFrames(new IllegalArgumentException("on close"), NO_FRAMES));

    assertThat(StackTraces.sanitized(error, 10)).isEqualTo("java.lang.IllegalStateException: boom\n");
  }

  @Test
  void sanitized_messageWithPathAndPersonalData_copiedRaw() {
    IllegalStateException error =
        withFrames(new IllegalStateException("alice@example.com: /home/alice/db.properties"), NO_FRAMES);

    assertThat(StackTraces.sanitized(error, 10))
        .isEqualTo("java.lang.IllegalStateException: alice@example.com: /home/alice/db.properties\n");
  }

  @Test
  void sanitized_realThrowable_firstFrameIsThisTest() {
    IllegalStateException error = new IllegalStateException("real");

    String trace = StackTraces.sanitized(error, 1);

    assertThat(trace).startsWith("java.lang.IllegalStateException: real\n"
        + "\tat dev.traceguard.core.internal.StackTracesTest.sanitized_realThrowable_firstFrameIsThisTest("
        + "StackTracesTest.java:");
    assertThat(trace).endsWith(" more\n");
    assertThat(trace.split("\n", -1)).hasSize(4);
  }

  @Test
  void full_causeAndSuppressed_equalsPrintStackTrace() {
    IllegalStateException error = new IllegalStateException("boom", new IllegalArgumentException("cause"));
    error.addSuppressed(new UnsupportedOperationException("suppressed"));
    StringWriter expected = new StringWriter();
    error.printStackTrace(new PrintWriter(expected));

    String trace = StackTraces.full(error);

    assertThat(trace).isEqualTo(expected.toString());
    assertThat(trace).contains("Caused by: java.lang.IllegalArgumentException: cause")
        .contains("Suppressed: java.lang.UnsupportedOperationException: suppressed");
  }
}
