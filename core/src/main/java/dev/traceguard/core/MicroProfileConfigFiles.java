package dev.traceguard.core;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The application's {@value #FILE} files, for the integrations that cannot read them: MicroProfile Config reads that
 * file, so without an implementation of it (or without CDI, where Traceguard reads system properties and environment
 * variables) the file has no effect, and a user who put {@code otel.service.name} there deserves to be told.
 *
 * <p>Traceguard's own defaults file, shipped in {@code traceguard-cdi} and the drop-in jar, is not the application's
 * and is never reported. Thread-safe, stateless.
 */
public final class MicroProfileConfigFiles {
  /** The file MicroProfile Config reads from every class path root: {@value}. */
  public static final String FILE = "META-INF/microprofile-config.properties";

  /** A class of Traceguard's CDI integration, beside which its own defaults file sits. */
  private static final String OWN_MARKER = "dev/traceguard/cdi/internal/ConfigSources.class";

  private static final Logger logger = Logger.getLogger(MicroProfileConfigFiles.class.getName());

  private MicroProfileConfigFiles() {}

  /**
   * Returns the {@value #FILE} files {@code loader} sees, but for Traceguard's own; empty when there are none or they
   * cannot be listed. Never throws.
   */
  public static List<URL> applicationFiles(ClassLoader loader) {
    try {
      Set<String> ownRoots = new HashSet<>();
      for (URL marker : Collections.list(loader.getResources(OWN_MARKER))) {
        ownRoots.add(root(marker, OWN_MARKER));
      }
      List<URL> files = new ArrayList<>();
      for (URL file : Collections.list(loader.getResources(FILE))) {
        if (!ownRoots.contains(root(file, FILE))) {
          files.add(file);
        }
      }
      return files;
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  /**
   * Logs one WARNING when {@code loader} sees an application's {@value #FILE} that will not be read, naming each
   * file, {@code why} and the way out. Never throws.
   *
   * @param why why the file is not read, as a clause: "no MicroProfile Config implementation is on the class path"
   * @return whether there was such a file
   */
  public static boolean warnIfUnread(ClassLoader loader, String why) {
    List<URL> files = applicationFiles(loader);
    if (files.isEmpty()) {
      return false;
    }
    logger.log(Level.WARNING, "Traceguard does not read " + files + ": " + why + ". Its otel.* and traceguard.*"
        + " settings have no effect; Traceguard reads system properties and environment variables instead. Add a"
        + " MicroProfile Config implementation (io.smallrye.config:smallrye-config, which MicroProfile servers"
        + " already have) with traceguard-cdi, or set the properties as system properties or environment variables.");
    return true;
  }

  private static String root(URL resource, String path) {
    String text = resource.toExternalForm();
    return text.endsWith(path) ? text.substring(0, text.length() - path.length()) : text;
  }
}
