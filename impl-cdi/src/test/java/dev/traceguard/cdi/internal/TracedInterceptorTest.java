package dev.traceguard.cdi.internal;

import static dev.traceguard.cdi.internal.TestContainers.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.traceguard.api.ErrorCode;
import dev.traceguard.api.SpanAttribute;
import dev.traceguard.api.Traced;
import dev.traceguard.api.TraceguardException;
import dev.traceguard.core.TraceguardAttributes;
import dev.traceguard.core.TracingRuntime;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Stereotype;
import jakarta.enterprise.inject.spi.InterceptionFactory;
import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;

@EnableWeld
@SuppressWarnings("try") // scopes are opened for their effect on Span.current()
class TracedInterceptorTest {

  @WeldSetup
  WeldInitiator weld = WeldInitiator.from(TestContainers.weld(
      Orders.class, Inventory.class, Warehouse.class, Publisher.class, SubService.class, Named.class, Partly.class, Arguments.class,
      Listener.class, LegacyProducer.class)).build();

  @Inject Orders orders;
  @Inject Inventory inventory;
  @Inject Publisher publisher;
  @Inject SubService subService;
  @Inject Named named;
  @Inject Partly partly;
  @Inject Arguments arguments;
  @Inject Listener listener;
  @Inject Legacy legacy;
  @Inject TestExporter exporter;
  @Inject TracingRuntime runtime;

  private List<SpanData> spans() {
    return exporter.spans(runtime);
  }

  private SpanData onlySpan() {
    List<SpanData> spans = spans();
    assertThat(spans).hasSize(1);
    return spans.get(0);
  }

  // --- Which methods, which names, which kinds ------------------------------------------------------------------

  @Test
  void classLevelTraced_businessMethod_internalSpanNamedAfterTheBeanClass() {
    assertThat(orders.place("A-1")).isEqualTo("placed A-1");

    SpanData span = onlySpan();
    assertThat(span.getName()).isEqualTo("Orders.place");
    assertThat(span.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(span.hasEnded()).isTrue();
    assertThat(span.getInstrumentationScopeInfo().getName()).isEqualTo(TracingRuntime.INSTRUMENTATION_SCOPE);
  }

  @Test
  void methodLevelTraced_onTracedClass_overridesNameAndKind() {
    orders.cancel();

    SpanData span = onlySpan();
    assertThat(span.getName()).isEqualTo("orders.cancel");
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
  }

  @Test
  void enabledFalse_onMethodOfTracedClass_noSpan() {
    assertThat(orders.describe()).isEqualTo("orders");
    orders.place("A-2");

    assertThat(spans()).extracting(SpanData::getName).containsExactly("Orders.place");
  }

  @Test
  void methodLevelTraced_onUntracedClass_onlyThatMethodTraced() {
    assertThat(partly.traced()).isEqualTo("traced");
    assertThat(partly.untraced()).isEqualTo("untraced");

    assertThat(spans()).extracting(SpanData::getName).containsExactly("Partly.traced");
  }

  @Test
  void selfInvocation_fromUntracedMethod_tracedMethodGetsNoSpan() {
    assertThat(partly.viaThis()).isEqualTo("traced");

    // Weld intercepts calls that enter the bean, not those it makes on itself (docs/cdi.md).
    assertThat(spans()).isEmpty();
  }

  @Test
  void classLevelKind_everyMethod_getsThatKind() {
    publisher.publish();

    SpanData span = onlySpan();
    assertThat(span.getName()).isEqualTo("Publisher.publish");
    assertThat(span.getKind()).isEqualTo(SpanKind.PRODUCER);
  }

  @Test
  void dependentBean_calledThroughWeldSubclass_nameUsesTheBeanClass() {
    assertThat(publisher.getClass()).isNotEqualTo(Publisher.class);
    assertThat(publisher.getClass().getName()).contains("WeldSubclass");

    publisher.publish();

    assertThat(onlySpan().getName()).isEqualTo("Publisher.publish");
  }

  @Test
  void applicationScopedBean_calledThroughClientProxy_nameUsesTheBeanClass() {
    assertThat(orders.getClass().getName()).contains("$Proxy$");

    orders.place("A-3");

    assertThat(onlySpan().getName()).isEqualTo("Orders.place");
  }

  @Test
  void inheritedMethod_tracedSubclass_nameUsesTheSubclassNotTheDeclaringClass() {
    assertThat(subService.work()).isEqualTo("worked");

    assertThat(onlySpan().getName()).isEqualTo("SubService.work");
  }

  @Test
  void classLevelValue_everyMethod_usesThatName() {
    named.first();
    named.second();

    assertThat(spans()).extracting(SpanData::getName).containsExactly("inventory-sync", "inventory-sync");
  }

  @Test
  void tracedStereotype_beanMethod_tracedWithTheStereotypesKind() {
    listener.onMessage();

    SpanData span = onlySpan();
    assertThat(span.getName()).isEqualTo("Listener.onMessage");
    assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
  }

  @Test
  void interceptionFactoryProduct_tracedByConfiguredBinding_nameUsesTheProductsClass() {
    assertThat(legacy.work()).isEqualTo("legacy");

    SpanData span = onlySpan();
    assertThat(span.getName()).isEqualTo("Legacy.work");
    assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
  }

  // --- Nesting and scope -----------------------------------------------------------------------------------------

  @Test
  void nestedTracedCalls_acrossBeans_formParentChildChain() {
    orders.ship("B-7");

    List<SpanData> spans = spans();
    assertThat(spans).hasSize(3);
    SpanData ship = span(spans, "Orders.ship");
    SpanData reserve = span(spans, "Inventory.reserve");
    SpanData check = span(spans, "Warehouse.check");
    assertThat(ship.getParentSpanContext().isValid()).isFalse();
    assertThat(reserve.getParentSpanId()).isEqualTo(ship.getSpanId());
    assertThat(check.getParentSpanId()).isEqualTo(reserve.getSpanId());
    assertThat(reserve.getTraceId()).isEqualTo(ship.getTraceId());
    assertThat(check.getTraceId()).isEqualTo(ship.getTraceId());
  }

  @Test
  void selfInvocation_fromTracedMethod_getsNoSpanOfItsOwn() {
    assertThat(inventory.count("D-1")).isTrue();

    // Weld does not intercept a call a bean makes on itself from inside an intercepted method (docs/cdi.md).
    assertThat(spans()).extracting(SpanData::getName).containsExactly("Inventory.count");
  }

  @Test
  void tracedCall_duringTheCall_itsSpanIsCurrent_andAfterItNothingIs() {
    String spanIdInside = orders.currentSpanId();

    assertThat(Span.current().getSpanContext().isValid()).isFalse();
    assertThat(onlySpan().getSpanId()).isEqualTo(spanIdInside);
  }

  @Test
  void tracedCall_underAnOuterSpan_isItsChild() {
    Span outer = runtime.tracer().spanBuilder("outer").startSpan();
    try (var scope = outer.makeCurrent()) {
      orders.place("C-1");
    } finally {
      outer.end();
    }

    List<SpanData> spans = spans();
    assertThat(span(spans, "Orders.place").getParentSpanId()).isEqualTo(outer.getSpanContext().getSpanId());
  }

  // --- Exceptions ----------------------------------------------------------------------------------------------

  @Test
  void runtimeException_thrown_sameInstanceRethrown_spanEndedWithErrorAndEvent() {
    IllegalStateException boom = new IllegalStateException("boom");

    assertThatThrownBy(() -> orders.fail(boom)).isSameAs(boom);

    SpanData span = onlySpan();
    assertThat(span.getName()).isEqualTo("Orders.fail");
    assertThat(span.hasEnded()).isTrue();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(TraceguardAttributes.ERROR_TYPE))
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(span.getEvents()).hasSize(1);
    EventData event = span.getEvents().get(0);
    assertThat(event.getName()).isEqualTo(TraceguardAttributes.EXCEPTION_EVENT);
    assertThat(event.getAttributes().get(TraceguardAttributes.EXCEPTION_TYPE))
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(event.getAttributes().get(TraceguardAttributes.EXCEPTION_MESSAGE)).isEqualTo("boom");
    assertThat(Span.current().getSpanContext().isValid()).isFalse();
  }

  @Test
  void checkedException_thrown_sameInstanceRethrown() {
    IOException disk = new IOException("disk full");

    assertThatThrownBy(() -> orders.failChecked(disk)).isSameAs(disk);

    SpanData span = onlySpan();
    assertThat(span.hasEnded()).isTrue();
    assertThat(span.getAttributes().get(TraceguardAttributes.ERROR_TYPE)).isEqualTo("java.io.IOException");
  }

  @Test
  void error_thrown_sameInstanceRethrown_spanEnded() {
    AssertionError error = new AssertionError("broken invariant");

    assertThatThrownBy(() -> orders.failWithError(error)).isSameAs(error);

    SpanData span = onlySpan();
    assertThat(span.hasEnded()).isTrue();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(TraceguardAttributes.ERROR_TYPE)).isEqualTo("java.lang.AssertionError");
  }

  @Test
  void traceguardException_thrown_errorCodeAndDomainRecorded() {
    TraceguardException notFound = new TraceguardException(StockError.OUT_OF_STOCK, "No stock left");

    assertThatThrownBy(() -> orders.fail(notFound)).isSameAs(notFound);

    SpanData span = onlySpan();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(TraceguardAttributes.ERROR_CODE)).isEqualTo(4004L);
    assertThat(span.getAttributes().get(TraceguardAttributes.ERROR_DOMAIN)).isEqualTo("STOCK");
  }

  // --- CompletionStage -------------------------------------------------------------------------------------------

  @Test
  void completionStage_completedLater_spanEndsOnlyWhenTheStageCompletes() throws Exception {
    CompletableFuture<String> pending = new CompletableFuture<>();

    CompletionStage<String> returned = orders.later(pending);

    assertThat(returned).isSameAs(pending);
    assertThat(spans()).isEmpty();
    pending.complete("done");
    assertThat(returned.toCompletableFuture().get()).isEqualTo("done");
    SpanData span = onlySpan();
    assertThat(span.getName()).isEqualTo("Orders.later");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(span.getEvents()).isEmpty();
  }

  @Test
  void completionStage_failsLaterOnAnotherThread_causeRecordedAndSpanEnded() {
    CompletableFuture<String> pending = new CompletableFuture<>();
    IllegalArgumentException cause = new IllegalArgumentException("bad order");

    orders.later(pending);
    CompletableFuture.runAsync(() -> pending.completeExceptionally(new CompletionException(cause)));

    await().atMost(Duration.ofSeconds(10)).until(() -> spans().size() == 1);
    SpanData span = onlySpan();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(TraceguardAttributes.ERROR_TYPE))
        .isEqualTo("java.lang.IllegalArgumentException");
    assertThat(span.getEvents().get(0).getAttributes().get(TraceguardAttributes.EXCEPTION_MESSAGE))
        .isEqualTo("bad order");
  }

  @Test
  void completionStage_alreadyFailed_exceptionRecorded() {
    CompletableFuture<String> failed = CompletableFuture.failedFuture(new IOException("gone"));

    CompletionStage<String> returned = orders.later(failed);

    assertThat(returned).isSameAs(failed);
    assertThatThrownBy(() -> returned.toCompletableFuture().get())
        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IOException.class);
    SpanData span = onlySpan();
    assertThat(span.getAttributes().get(TraceguardAttributes.ERROR_TYPE)).isEqualTo("java.io.IOException");
  }

  @Test
  void completionStageMethod_returnsNull_spanEndsAtReturn() {
    assertThat(orders.later(null)).isNull();

    assertThat(onlySpan().getName()).isEqualTo("Orders.later");
  }

  @Test
  void completionStageMethod_throwsBeforeReturning_spanEndedAndSameInstanceRethrown() {
    IllegalStateException early = new IllegalStateException("no executor");

    assertThatThrownBy(() -> orders.laterOrThrow(early)).isSameAs(early);

    SpanData span = onlySpan();
    assertThat(span.hasEnded()).isTrue();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  // --- @SpanAttribute ------------------------------------------------------------------------------------------

  @Test
  void spanAttributes_everyType_recordedWithItsTypeAndNullsSkipped() {
    arguments.all("text", true, 7, 8L, (short) 9, (byte) 10, 1.5d, 2.5f, List.of("x", "y"), null, 42, 11);

    SpanData span = onlySpan();
    assertThat(span.getAttributes().get(AttributeKey.stringKey("arg.string"))).isEqualTo("text");
    assertThat(span.getAttributes().get(AttributeKey.booleanKey("arg.boolean"))).isTrue();
    assertThat(span.getAttributes().get(AttributeKey.longKey("arg.int"))).isEqualTo(7L);
    assertThat(span.getAttributes().get(AttributeKey.longKey("arg.long"))).isEqualTo(8L);
    assertThat(span.getAttributes().get(AttributeKey.longKey("arg.short"))).isEqualTo(9L);
    assertThat(span.getAttributes().get(AttributeKey.longKey("arg.byte"))).isEqualTo(10L);
    assertThat(span.getAttributes().get(AttributeKey.doubleKey("arg.double"))).isEqualTo(1.5d);
    assertThat(span.getAttributes().get(AttributeKey.doubleKey("arg.float"))).isEqualTo(2.5d);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("arg.other"))).isEqualTo("[x, y]");
    assertThat(span.getAttributes().get(AttributeKey.longKey("arg.object"))).isEqualTo(42L);
    assertThat(span.getAttributes().asMap().keySet()).extracting(AttributeKey::getKey)
        .containsExactlyInAnyOrder("arg.string", "arg.boolean", "arg.int", "arg.long", "arg.short", "arg.byte",
            "arg.double", "arg.float", "arg.other", "arg.object");
  }

  @Test
  void spanAttribute_argumentWhoseToStringThrows_methodRunsUntraced() {
    Object hostile = new Object() {
      @Override
      public String toString() {
        throw new IllegalStateException("no text");
      }
    };

    assertThat(arguments.hostile(hostile)).isEqualTo("ran");

    assertThat(spans()).isEmpty();
  }

  // --- Beans ---------------------------------------------------------------------------------------------------

  enum StockError implements ErrorCode {
    OUT_OF_STOCK;

    @Override
    public int code() {
      return 4004;
    }

    @Override
    public String domain() {
      return "STOCK";
    }

    @Override
    public int httpStatus() {
      return 409;
    }

    @Override
    public String title() {
      return "Out of stock";
    }
  }

  @ApplicationScoped
  @Traced
  static class Orders {
    @Inject Inventory inventory;

    String place(@SpanAttribute("order.id") String id) {
      return "placed " + id;
    }

    @Traced(value = "orders.cancel", kind = SpanKind.CLIENT)
    void cancel() {}

    @Traced(enabled = false)
    String describe() {
      return "orders";
    }

    void fail(RuntimeException e) {
      throw e;
    }

    void failChecked(Exception e) throws Exception {
      throw e;
    }

    void failWithError(Error e) {
      throw e;
    }

    CompletionStage<String> later(CompletionStage<String> stage) {
      return stage;
    }

    CompletionStage<String> laterOrThrow(RuntimeException e) {
      throw e;
    }

    void ship(String id) {
      inventory.reserve(id);
    }

    String currentSpanId() {
      return Span.current().getSpanContext().getSpanId();
    }
  }

  @ApplicationScoped
  @Traced
  static class Inventory {
    @Inject Warehouse warehouse;

    void reserve(String id) {
      warehouse.check(id);
    }

    boolean count(String id) {
      return recount(id); // a self-invocation
    }

    boolean recount(String id) {
      return !id.isEmpty();
    }
  }

  @ApplicationScoped
  @Traced
  static class Warehouse {
    boolean check(String id) {
      return !id.isEmpty();
    }
  }

  @Dependent
  @Traced(kind = SpanKind.PRODUCER)
  static class Publisher {
    void publish() {}
  }

  abstract static class AbstractService {
    String work() {
      return "worked";
    }
  }

  @Dependent
  @Traced
  static class SubService extends AbstractService {}

  @ApplicationScoped
  @Traced("inventory-sync")
  static class Named {
    void first() {}

    void second() {}
  }

  @ApplicationScoped
  static class Partly {
    @Traced
    String traced() {
      return "traced";
    }

    String untraced() {
      return "untraced";
    }

    String viaThis() {
      return traced();
    }
  }

  @ApplicationScoped
  static class Arguments {
    @Traced
    @SuppressWarnings("unused")
    void all(
        @SpanAttribute("arg.string") String s,
        @SpanAttribute("arg.boolean") boolean b,
        @SpanAttribute("arg.int") int i,
        @SpanAttribute("arg.long") Long l,
        @SpanAttribute("arg.short") short sh,
        @SpanAttribute("arg.byte") byte by,
        @SpanAttribute("arg.double") double d,
        @SpanAttribute("arg.float") float f,
        @SpanAttribute("arg.other") List<String> other,
        @SpanAttribute("arg.null") String absent,
        @SpanAttribute("arg.object") Object object,
        int notCaptured) {}

    @Traced
    String hostile(@SpanAttribute("arg.hostile") Object value) {
      return "ran";
    }
  }

  /** A class the application does not own, traced through an {@code InterceptionFactory}. */
  static class Legacy {
    String work() {
      return "legacy";
    }
  }

  @Dependent
  static class LegacyProducer {
    @Produces
    @Dependent
    Legacy legacy(InterceptionFactory<Legacy> factory) {
      factory.configure().add(new TracedLiteral(SpanKind.SERVER));
      return factory.createInterceptedInstance(new Legacy());
    }
  }

  @SuppressWarnings("all")
  static final class TracedLiteral extends AnnotationLiteral<Traced> implements Traced {
    private final SpanKind kind;

    TracedLiteral(SpanKind kind) {
      this.kind = kind;
    }

    @Override
    public String value() {
      return "";
    }

    @Override
    public boolean enabled() {
      return true;
    }

    @Override
    public SpanKind kind() {
      return kind;
    }
  }

  @Stereotype
  @Traced(kind = SpanKind.CONSUMER)
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  @interface TracedListener {}

  @ApplicationScoped
  @TracedListener
  static class Listener {
    void onMessage() {}
  }
}
