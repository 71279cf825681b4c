package dev.traceguard.all;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * GlassFish (full distribution) in its default set-up, started in the foreground with {@code asadmin start-domain
 * --verbose} on a copy of the distribution's {@code domain1} under the test's work directory, the WAR in its {@code
 * autodeploy} folder. Every socket it opens is on 127.0.0.1 on a port free when it starts. The process is {@code
 * asadmin}, the server its child: on SIGTERM, {@code asadmin} passes SIGTERM on to the server and exits at once, and
 * the server stops gracefully on its own, its shutdown logged in {@code domain1/logs/server.log} only.
 */
final class GlassFish {
  /** What GlassFish logs when the application does not deploy, and what its autodeployer then reports. */
  private static final List<String> DEPLOYMENT_FAILED =
      List.of("Exception while loading the app", "[AutoDeploy] Autodeploy failed");

  private GlassFish() {}

  /** Starts GlassFish from {@code home} with {@code war} deployed and HTTP on 127.0.0.1:{@code port}. */
  static ServerProcess start(Path home, Path war, int port, Path work) throws IOException {
    Path domains = work.resolve("glassfish-domains");
    Path domain = domains.resolve("domain1");
    TestEnvironment.copyTree(home.resolve("glassfish/domains/domain1"), domain);
    Path domainXml = domain.resolve("config/domain.xml");
    String xml = Files.readString(domainXml, StandardCharsets.UTF_8);
    xml = bind(xml, "port=\"8080\"", port);
    xml = bind(xml, "port=\"8181\"", TestEnvironment.freePort());
    xml = bind(xml, "port=\"4848\"", TestEnvironment.freePort());
    // The IIOP listeners and the JMX connector, all on every interface by default.
    for (String fixed : List.of("3700", "3820", "3920", "8686")) {
      xml = bind(xml, "address=\"0.0.0.0\" port=\"" + fixed + "\"", TestEnvironment.freePort());
    }
    // server-config has no jms-service; the implicit jms-host is "localhost", which the broker's lazy listener binds
    // as every interface.
    xml = replace(xml, "<system-property name=\"JMS_PROVIDER_PORT\" value=\"7676\"",
        "<jms-service type=\"EMBEDDED\" default-jms-host=\"default_JMS_host\"><jms-host name=\"default_JMS_host\""
            + " host=\"127.0.0.1\" port=\"${JMS_PROVIDER_PORT}\"/></jms-service>\n      <system-property"
            + " name=\"JMS_PROVIDER_PORT\" value=\"" + TestEnvironment.freePort() + "\"");
    // C1 only and serial GC start fastest on two cores.
    xml = replace(xml, "<jvm-options>-Xmx512m</jvm-options>", "<jvm-options>-Xmx512m</jvm-options>"
        + "<jvm-options>-XX:TieredStopAtLevel=1</jvm-options><jvm-options>-XX:+UseSerialGC</jvm-options>");
    Files.writeString(domainXml, xml, StandardCharsets.UTF_8);
    // Deployed at start-up, its context root the file's name.
    Files.copy(war, domain.resolve("autodeploy").resolve(war.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    // The scripts may have lost their exec bit in the unpacked zip.
    List<String> command = List.of("sh", home.resolve("bin/asadmin").toString(),
        "start-domain", "--verbose", "--domaindir", domains.toString(), "domain1");
    ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("AS_JAVA", System.getProperty("java.home"));
    return ServerProcess.start("GlassFish", builder, work.resolve("glassfish.log"), DEPLOYMENT_FAILED);
  }

  /** {@code xml} with {@code target}'s listener on 127.0.0.1:{@code port}. */
  private static String bind(String xml, String target, int port) {
    return replace(xml, target, "address=\"127.0.0.1\" port=\"" + port + "\"");
  }

  /**
   * {@code xml} with the first {@code target} replaced: server-config's, the configuration the server runs, which comes
   * before default-config (a template for other instances). Fails when a new distribution no longer has it.
   */
  private static String replace(String xml, String target, String replacement) {
    int at = xml.indexOf(target);
    if (at < 0) {
      throw new IllegalStateException("domain.xml has no " + target);
    }
    return xml.substring(0, at) + replacement + xml.substring(at + target.length());
  }
}
