package dev.traceguard.cdi.internal;

import static dev.traceguard.cdi.internal.TestContainers.weld;
import static dev.traceguard.cdi.internal.TestContainers.freePort;
import static dev.traceguard.cdi.internal.TestContainers.prometheusOn;
import static dev.traceguard.cdi.internal.TestContainers.scrape;
import static dev.traceguard.cdi.internal.TestContainers.withConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.traceguard.api.Traced;
import dev.traceguard.api.TraceguardException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/**
 * {@code traceguard.errors} from {@code @Traced} beans outside any request: each recorded exception counted once, at
 * the outermost traced call, scraped.
 */
class TracedErrorMetricsTest {
  private static final Pattern ERRORS_LINE = Pattern.compile("(?m)^traceguard_errors_total\\{([^}]*)} (\\S+)");

  @Test
  void nestedTracedCallsFailOrRecover_scraped_eachExceptionCountedOnceWithoutHttpAttributes() throws Exception {
    int port = freePort();
    WeldContainer container = withConfig(prometheusOn(port),
        () -> weld(Outer.class, Inner.class).initialize());
    try {
      Outer outer = container.select(Outer.class).get();

      assertThatThrownBy(outer::reserve).isInstanceOf(TraceguardException.class);
      assertThatThrownBy(() -> outer.reserveLater().toCompletableFuture().join())
          .hasCauseInstanceOf(TraceguardException.class);
      assertThat(outer.reserveOrNothing()).isEqualTo("nothing");

      List<String> lines = errorLines(scrape(port));
      assertThat(lines).hasSize(1);
      Matcher line = ERRORS_LINE.matcher(lines.get(0));
      assertThat(line.find()).isTrue();
      assertThat(line.group(1)).contains("error_code=\"4004\"", "error_domain=\"STOCK\"",
          "error_type=\"dev.traceguard.api.TraceguardException\"")
          .doesNotContain("http_route", "http_response_status_code");
      // reserve: one exception through two spans; reserveLater: one; reserveOrNothing: one, recorded on the inner
      // span and recovered from, still a recorded exception.
      assertThat(Double.parseDouble(line.group(2))).isEqualTo(3.0);
    } finally {
      container.shutdown();
    }
  }

  private static List<String> errorLines(String scrape) {
    return scrape.lines().filter(l -> l.startsWith("traceguard_errors_total{")).toList();
  }

  @ApplicationScoped
  @Traced
  static class Outer {
    @Inject Inner inner;

    void reserve() {
      inner.take();
    }

    CompletionStage<String> reserveLater() {
      return CompletableFuture.supplyAsync(() -> {
        throw new TraceguardException(TracedInterceptorTest.StockError.OUT_OF_STOCK, "none left");
      });
    }

    String reserveOrNothing() {
      try {
        inner.take();
        return "taken";
      } catch (TraceguardException e) {
        return "nothing";
      }
    }
  }

  @ApplicationScoped
  @Traced
  static class Inner {
    void take() {
      throw new TraceguardException(TracedInterceptorTest.StockError.OUT_OF_STOCK, "none left");
    }
  }
}
