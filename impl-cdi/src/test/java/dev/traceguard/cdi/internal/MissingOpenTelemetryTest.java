package dev.traceguard.cdi.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.traceguard.api.Traced;
import dev.traceguard.core.RecordingLogHandler;
import dev.traceguard.core.TracingRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.weld.environment.se.WeldContainer;
import org.jboss.weld.junit5.WeldInitiator;
import org.junit.jupiter.api.Test;

/**
 * {@code traceguard-all-mp} on a server that gives the application no OpenTelemetry SDK: the extension stays out of
 * the deployment (Traceguard's beans vetoed, one WARNING naming the server), which starts and runs without it. The
 * classes are all there in this test; the servers where they are not are run by module all.
 */
class MissingOpenTelemetryTest {

  @ApplicationScoped
  static class Payments {
    @Traced
    String pay() {
      return "paid";
    }
  }

  @Test
  void deploy_allMpWithoutOpenTelemetry_startsWithoutTraceguardAndWarnsOnce() {
    Logger logger = Logger.getLogger(TraceguardExtension.class.getName());
    RecordingLogHandler log = new RecordingLogHandler();
    logger.addHandler(log);
    System.setProperty("jboss.home.dir", "/opt/wildfly");
    try (WeldContainer container = WeldInitiator.createWeld()
        .addExtension(new TraceguardExtension(true, false))
        .addBeanClasses(TracedInterceptor.class, TraceguardProducers.class, OpenTelemetryProducers.class,
            Payments.class)
        .initialize()) {
      assertThat(container.select(Payments.class).get().pay()).isEqualTo("paid");
      assertThat(container.select(TracingRuntime.class).isUnsatisfied()).isTrue();
    } finally {
      System.clearProperty("jboss.home.dir");
      logger.removeHandler(log);
    }

    assertThat(log.records()).filteredOn(record -> record.getLevel() == Level.WARNING).singleElement()
        .extracting(LogRecord::getMessage).asString()
        .startsWith("Traceguard: traceguard-all-mp traces with the server's MicroProfile Telemetry, but WildFly gives"
            + " this application no OpenTelemetry SDK")
        .contains("Deploy traceguard-all on this server");
  }
}
