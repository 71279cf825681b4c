package dev.traceguard.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class LogThrottleTest {

  @Test
  void tryAcquire_firstCall_opensThenStaysShutWithinTheInterval() {
    LogThrottle throttle = LogThrottle.every(Duration.ofHours(1));

    assertThat(throttle.tryAcquire()).isTrue();
    assertThat(throttle.tryAcquire()).isFalse();
    assertThat(throttle.tryAcquire()).isFalse();
  }

  @Test
  void tryAcquire_zeroInterval_opensEveryTime() {
    LogThrottle throttle = LogThrottle.every(Duration.ZERO);

    assertThat(List.of(throttle.tryAcquire(), throttle.tryAcquire(), throttle.tryAcquire())).containsOnly(true);
  }

  @Test
  void tryAcquire_manyThreadsAtOnce_exactlyOneWins() throws Exception {
    LogThrottle throttle = LogThrottle.everyMinute();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    try {
      for (int i = 0; i < 64; i++) {
        results.add(pool.submit(() -> {
          start.await();
          return throttle.tryAcquire();
        }));
      }
      start.countDown();
      int opened = 0;
      for (Future<Boolean> result : results) {
        opened += result.get(10, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(opened).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void every_negativeInterval_throws() {
    assertThatThrownBy(() -> LogThrottle.every(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("interval must not be negative, was PT-1S");
  }

  @Test
  void log_handlerThrows_neverReachesTheCaller() {
    Logger logger = Logger.getLogger("dev.traceguard.core.LogThrottleTest.failing");
    logger.setUseParentHandlers(false);
    logger.setLevel(Level.FINE);
    int[] published = new int[1];
    Handler failing = new Handler() {
      @Override
      public void publish(LogRecord record) {
        published[0]++;
        throw new IllegalStateException("handler broke");
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    logger.addHandler(failing);
    try {
      LogThrottle throttle = LogThrottle.every(Duration.ZERO);

      throttle.log(logger, Level.FINE, "first", new RuntimeException("x"));
      throttle.log(logger, Level.FINE, "second", new RuntimeException("y"));

      assertThat(published[0]).isEqualTo(2);
    } finally {
      logger.removeHandler(failing);
    }
  }

  @Test
  void log_levelDisabled_doesNotUseUpTheInterval() {
    Logger logger = Logger.getLogger("dev.traceguard.core.LogThrottleTest.quiet");
    logger.setLevel(Level.INFO);
    LogThrottle throttle = LogThrottle.everyMinute();

    throttle.log(logger, Level.FINE, "not logged", new RuntimeException());

    assertThat(throttle.tryAcquire()).isTrue();
  }
}
