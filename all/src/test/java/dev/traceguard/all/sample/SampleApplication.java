package dev.traceguard.all.sample;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The sample WAR's JAX-RS application. It lists no classes, so the server includes every resource and provider it
 * finds in the WAR, {@code WEB-INF/lib} included: that is how Traceguard's {@code @Provider} feature is registered
 * without the application naming it.
 */
@ApplicationPath("/api")
public class SampleApplication extends Application {}
