package dev.traceguard.core.internal;

import static dev.traceguard.core.internal.StackTraceFixtures.thrownAt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.api.StackTraceMode;
import org.junit.jupiter.api.Test;

/** Rendering on the export path: unmasked parts, each block of frames rendered once while kept. */
class StackTraceRendererTest {

  @Test
  void render_eachMode_asStackTracesRendersIt() {
    IllegalStateException error = new IllegalStateException("failed");

    assertThat(new StackTraceRenderer(StackTraceMode.SANITIZED, 2).render(error).text())
        .isEqualTo(StackTraces.sanitized(error, 2));
    assertThat(new StackTraceRenderer(StackTraceMode.FULL, 2).render(error).text())
        .isEqualTo(StackTraces.full(error));
    assertThat(new StackTraceRenderer(StackTraceMode.NONE, 2).render(error)).isNull();
  }

  @Test
  void render_sameFramesOtherMessage_headersApartAndTheSameBlockInstance() {
    StackTraceRenderer renderer = new StackTraceRenderer(StackTraceMode.SANITIZED, 2);

    StackTraceRenderer.Rendered first = renderer.render(thrownAt(7, "no account for alice"));
    StackTraceRenderer.Rendered second = renderer.render(thrownAt(7, "no account for bob"));

    assertThat(first.size()).isEqualTo(2);
    assertThat(first.part(0)).isEqualTo("java.lang.IllegalStateException: no account for alice\n");
    assertThat(second.part(0)).isEqualTo("java.lang.IllegalStateException: no account for bob\n");
    assertThat(StackTraceRenderer.Rendered.isBlock(1)).isTrue();
    assertThat(second.part(1)).isSameAs(first.part(1))
        .isEqualTo("\tat com.example.Users.find(Users.java:7)\n"
            + "\tat com.example.UserResource.get(UserResource.java:12)\n\t... 1 more\n");
    assertThat(renderer.cachedBlocks()).isEqualTo(1);
  }

  @Test
  void render_circularCauseChain_closingLineAtAHeaderPlace() {
    IllegalStateException a = new IllegalStateException("a");
    IllegalStateException b = new IllegalStateException("b", a);
    a.initCause(b);

    StackTraceRenderer.Rendered rendered = new StackTraceRenderer(StackTraceMode.SANITIZED, 1).render(a);

    assertThat(rendered.size()).isEqualTo(5);
    assertThat(StackTraceRenderer.Rendered.isBlock(4)).isFalse();
    assertThat(rendered.part(4)).isEqualTo("Caused by: [CIRCULAR REFERENCE: java.lang.IllegalStateException]\n");
    assertThat(rendered.text()).isEqualTo(StackTraces.sanitized(a, 1));
  }

  @Test
  void render_moreDistinctBlocksThanKept_leastRecentlyUsedDropped() {
    StackTraceRenderer renderer = new StackTraceRenderer(StackTraceMode.SANITIZED, 10);
    String oldest = renderer.render(thrownAt(0, "m")).part(1);
    for (int line = 1; line <= StackTraceRenderer.CACHED_BLOCKS; line++) {
      renderer.render(thrownAt(line, "m"));
    }

    assertThat(renderer.cachedBlocks()).isEqualTo(StackTraceRenderer.CACHED_BLOCKS);
    assertThat(renderer.render(thrownAt(0, "m")).part(1)).isEqualTo(oldest).isNotSameAs(oldest);
  }

  @Test
  void render_throwableThatCannotBeRendered_null() {
    RuntimeException broken = new RuntimeException() {
      @Override
      public StackTraceElement[] getStackTrace() {
        throw new IllegalStateException("no frames");
      }
    };

    assertThat(new StackTraceRenderer(StackTraceMode.SANITIZED, 10).render(broken)).isNull();
  }
}
