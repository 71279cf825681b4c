package dev.traceguard.examples;

import dev.traceguard.api.TraceguardException;
import dev.traceguard.examples.Messages.User;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The user service: users 1 to 999 exist, with made-up names and e-mail addresses. */
@Path("/users")
@Produces(MediaType.APPLICATION_JSON)
public final class UsersResource {
  private static final List<String> FIRST_NAMES =
      List.of("Alice", "Bob", "Chloé", "Dmitri", "Eun-ji", "Farah", "Gustavo", "Hiroshi", "Ines", "Jonas");
  private static final List<String> LAST_NAMES =
      List.of("Smith", "Kim", "Okafor", "Novak", "Tanaka", "Silva", "Haddad", "Berg", "Rossi", "Dubois");

  /** Created by Jersey. */
  public UsersResource() {}

  /**
   * Answers the user with the given id.
   *
   * @throws TraceguardException {@link DemoError#USER_NOT_FOUND} for an id outside 1 to 999
   */
  @GET
  @Path("/{id}")
  public User find(@PathParam("id") long id) {
    if (id < 1 || id > 999) {
      throw new TraceguardException(DemoError.USER_NOT_FOUND, "No user with id " + id);
    }
    return user(id);
  }

  /**
   * Looks a user up by e-mail address. No user is ever found: the point is the exception, whose message carries the
   * address and is masked on the span.
   *
   * @throws TraceguardException always, {@link DemoError#USER_NOT_FOUND}
   */
  @GET
  @Path("/search")
  public User search(@QueryParam("email") @Nullable String email) {
    // The detail goes to the client and says nothing personal; the message goes to the span, masked on export.
    throw new TraceguardException(DemoError.USER_NOT_FOUND, "No user has this e-mail address",
        "No user with e-mail " + email, null);
  }

  static User user(long id) {
    String first = FIRST_NAMES.get((int) (id % FIRST_NAMES.size()));
    String last = LAST_NAMES.get((int) (id / FIRST_NAMES.size() % LAST_NAMES.size()));
    String email = (ascii(first) + "." + ascii(last) + id + "@example.com").toLowerCase(Locale.ROOT);
    return new User(id, first + " " + last, email);
  }

  private static String ascii(String name) {
    return name.replace("é", "e").replace("-", "");
  }
}
