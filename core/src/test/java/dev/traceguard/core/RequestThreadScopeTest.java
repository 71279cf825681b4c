package dev.traceguard.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The request thread's open scope, closed by whichever integration learns first that the method returned. */
class RequestThreadScopeTest {
  private static final Span SPAN = Span.wrap(SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736",
      "00f067aa0ba902b7", TraceFlags.getSampled(), TraceState.getDefault()));

  @AfterEach
  void forget() {
    RequestThreadScope.closeStale();
  }

  @Test
  void resourceMethodFinished_asyncEntry_closedOnceAndForgotten() {
    TestEntry entry = TestEntry.openedHere();
    RequestThreadScope.open(entry);

    RequestThreadScope.resourceMethodFinished(true);
    RequestThreadScope.resourceMethodFinished(true);

    assertThat(Span.current()).isNotSameAs(SPAN);
    assertThat(entry.closes).isEqualTo(1);
    assertThat(RequestThreadScope.current()).isNull();
  }

  @Test
  void resourceMethodFinished_syncEntryNotResponded_leftToTheResponseFilter() {
    TestEntry entry = TestEntry.openedHere();
    RequestThreadScope.open(entry);

    RequestThreadScope.resourceMethodFinished(false);

    assertThat(Span.current()).isSameAs(SPAN);
    assertThat(RequestThreadScope.current()).isSameAs(entry);
  }

  @Test
  void resourceMethodFinished_syncEntryAlreadyResponded_closed() {
    TestEntry entry = TestEntry.openedHere();
    entry.markResponded();
    RequestThreadScope.open(entry);

    RequestThreadScope.resourceMethodFinished(false);

    assertThat(Span.current()).isNotSameAs(SPAN);
    assertThat(RequestThreadScope.current()).isNull();
  }

  @Test
  void resourceMethodFinished_bareScope_closedOnlyWhenAsync() {
    RequestThreadScope.open(Context.root().with(SPAN).makeCurrent());

    RequestThreadScope.resourceMethodFinished(false);
    assertThat(Span.current()).isSameAs(SPAN);
    RequestThreadScope.resourceMethodFinished(true);

    assertThat(Span.current()).isNotSameAs(SPAN);
    assertThat(RequestThreadScope.current()).isNull();
  }

  @Test
  void closeStale_entryOpenedOnAnotherThread_forgottenHereAndLeftToItsOwner() throws Exception {
    AtomicReference<TestEntry> opened = new AtomicReference<>();
    Thread owner = new Thread(() -> opened.set(TestEntry.openedHere())); // its context dies with it
    owner.start();
    owner.join();
    TestEntry entry = opened.get();
    RequestThreadScope.open(entry);

    RequestThreadScope.closeStale();

    assertThat(entry.closes).isZero();
    assertThat(RequestThreadScope.current()).isNull();
  }

  @Test
  void closeStale_bareScopeLeftOpen_closed() {
    RequestThreadScope.open(Context.root().with(SPAN).makeCurrent());

    RequestThreadScope.closeStale();

    assertThat(Span.current()).isNotSameAs(SPAN);
    assertThat(RequestThreadScope.current()).isNull();
  }

  @Test
  void resourceMethodFinished_async_entryToldItsResponseGoesOnElsewhereOnce() {
    TestEntry entry = TestEntry.openedHere();
    RequestThreadScope.open(entry);

    RequestThreadScope.resourceMethodFinished(true);
    RequestThreadScope.resourceMethodFinished(true);

    assertThat(entry.released).isEqualTo(1);
  }

  @Test
  void resourceMethodFinished_syncResponded_entryNotToldOfAnotherThread() {
    TestEntry entry = TestEntry.openedHere();
    entry.markResponded();
    RequestThreadScope.open(entry);

    RequestThreadScope.resourceMethodFinished(false);

    assertThat(entry.closes).isEqualTo(1);
    assertThat(entry.released).isZero();
  }

  @Test
  void opened_again_afterTheScopeClosed_theNewScopeClosesToo() {
    TestEntry entry = TestEntry.openedHere();
    assertThat(entry.closeIfOwner()).isTrue();

    entry.opened(new CountingScope(Context.root().with(SPAN).makeCurrent(), entry));
    assertThat(Span.current()).isSameAs(SPAN);
    assertThat(entry.closeIfOwner()).isTrue();

    assertThat(Span.current()).isNotSameAs(SPAN);
    assertThat(entry.closes).isEqualTo(2);
  }

  /** An entry whose scope makes {@link #SPAN} current on the thread that created it, counting its closes. */
  private static final class TestEntry extends RequestThreadScope.Entry {
    int closes;
    int released;

    @Override
    protected void releasedToAnotherThread() {
      released++;
    }

    static TestEntry openedHere() {
      TestEntry entry = new TestEntry();
      entry.opened(new CountingScope(Context.root().with(SPAN).makeCurrent(), entry));
      return entry;
    }
  }

  private record CountingScope(io.opentelemetry.context.Scope scope, TestEntry entry)
      implements io.opentelemetry.context.Scope {
    @Override
    public void close() {
      entry.closes++;
      scope.close();
    }
  }
}
