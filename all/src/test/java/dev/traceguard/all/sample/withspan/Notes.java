package dev.traceguard.all.sample.withspan;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.logging.Logger;

/**
 * {@code GET /note/{marker}?email=...}: logs one INFO line through {@code java.util.logging} naming the marker and the
 * e-mail, for a server that hands the application's log records to its OpenTelemetry logs.
 */
@Path("/note")
public class Notes {
  private static final Logger logger = Logger.getLogger(Notes.class.getName());

  /** Logs the note and answers {@code noted}. */
  @GET
  @Path("/{marker}")
  public String note(@PathParam("marker") String marker, @QueryParam("email") String email) {
    logger.info("sample: a note " + marker + " from " + email);
    return "noted";
  }
}
