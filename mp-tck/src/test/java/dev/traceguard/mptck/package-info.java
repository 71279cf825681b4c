/**
 * The harness that runs the MicroProfile Telemetry TCKs against Traceguard: an Arquillian extension that captures
 * what the TCK's file-reading tests look for, the executor the tracing TCK's porting layer asks for, and a Jersey
 * model processor that keeps the TCK's Rest Client interfaces out of the server's resource model. The
 * container itself (embedded Jetty 11 with Weld Servlet, Jersey and SmallRye Config) is assembled in pom.xml and
 * src/test/resources/arquillian.xml.
 */
@NullMarked
package dev.traceguard.mptck;

import org.jspecify.annotations.NullMarked;
