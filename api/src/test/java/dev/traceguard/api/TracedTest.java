package dev.traceguard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanKind;
import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Checks, by reflection, the contract CDI and the interceptor rely on: {@link Traced} and {@link SpanAttribute}. */
class TracedTest {

  @Traced
  static class TracedByDefault {
    void charge(@SpanAttribute("payment.user_id") long userId) {}
  }

  static class SubclassOfTraced extends TracedByDefault {}

  @Test
  void traced_isInterceptorBinding() {
    assertThat(Traced.class.isAnnotationPresent(InterceptorBinding.class)).isTrue();
  }

  @Test
  void traced_retention_isRuntime() {
    assertThat(Traced.class.getAnnotation(Retention.class).value()).isEqualTo(RetentionPolicy.RUNTIME);
  }

  @Test
  void traced_target_isTypeAndMethod() {
    assertThat(Traced.class.getAnnotation(Target.class).value())
        .containsExactlyInAnyOrder(ElementType.TYPE, ElementType.METHOD);
  }

  @Test
  void traced_isInheritedAndDocumented() {
    assertThat(Traced.class.isAnnotationPresent(Inherited.class)).isTrue();
    assertThat(Traced.class.isAnnotationPresent(Documented.class)).isTrue();
    assertThat(SubclassOfTraced.class.getAnnotation(Traced.class)).isNotNull();
  }

  @Test
  void traced_members_areExactlyValueEnabledKind() {
    assertThat(Arrays.stream(Traced.class.getDeclaredMethods()).map(Method::getName))
        .containsExactlyInAnyOrder("value", "enabled", "kind");
  }

  @Test
  void traced_everyMember_isNonbinding() throws NoSuchMethodException {
    assertThat(Traced.class.getDeclaredMethod("value").isAnnotationPresent(Nonbinding.class)).isTrue();
    assertThat(Traced.class.getDeclaredMethod("enabled").isAnnotationPresent(Nonbinding.class)).isTrue();
    assertThat(Traced.class.getDeclaredMethod("kind").isAnnotationPresent(Nonbinding.class)).isTrue();
  }

  @Test
  void traced_defaults_areEmptyNameEnabledInternal() throws NoSuchMethodException {
    assertThat(Traced.class.getDeclaredMethod("value").getDefaultValue()).isEqualTo("");
    assertThat(Traced.class.getDeclaredMethod("enabled").getDefaultValue()).isEqualTo(true);
    assertThat(Traced.class.getDeclaredMethod("kind").getDefaultValue()).isEqualTo(SpanKind.INTERNAL);
  }

  @Test
  void traced_onClassWithoutMembers_readsDefaults() {
    Traced traced = TracedByDefault.class.getAnnotation(Traced.class);

    assertThat(traced.value()).isEmpty();
    assertThat(traced.enabled()).isTrue();
    assertThat(traced.kind()).isEqualTo(SpanKind.INTERNAL);
  }

  @Test
  void spanAttribute_retention_isRuntime() {
    assertThat(SpanAttribute.class.getAnnotation(Retention.class).value()).isEqualTo(RetentionPolicy.RUNTIME);
  }

  @Test
  void spanAttribute_target_isParameterOnly() {
    assertThat(SpanAttribute.class.getAnnotation(Target.class).value()).containsExactly(ElementType.PARAMETER);
  }

  @Test
  void spanAttribute_value_hasNoDefault() throws NoSuchMethodException {
    assertThat(SpanAttribute.class.getDeclaredMethod("value").getDefaultValue()).isNull();
  }

  @Test
  void spanAttribute_onParameter_isReadAtRunTime() throws NoSuchMethodException {
    Parameter parameter = TracedByDefault.class.getDeclaredMethod("charge", long.class).getParameters()[0];

    assertThat(parameter.getAnnotation(SpanAttribute.class).value()).isEqualTo("payment.user_id");
  }
}
