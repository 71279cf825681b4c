package com.example.payments;

import java.net.URI;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

public final class Main {
  public static void main(String[] args) {
    start(URI.create("http://127.0.0.1:8080/"));
  }

  static AutoCloseable start(URI address) {
    WeldContainer cdi = new Weld().initialize();     // first: Traceguard's runtime starts with the container
    HttpServer http = GrizzlyHttpServerFactory.createHttpServer(address, new ResourceConfig(PaymentResource.class));
    return () -> {                                   // Weld's own shutdown hook does the same at exit
      http.shutdownNow();
      cdi.shutdown();                                // exports what is still queued
    };
  }
}
