package dev.traceguard.examples;

import dev.traceguard.api.SpanAttribute;
import dev.traceguard.api.Traced;
import dev.traceguard.core.TracingRuntime;
import dev.traceguard.examples.Messages.User;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.Client;

/**
 * The payment service's view of the user service: a CDI bean whose every business method gets an INTERNAL span
 * ({@code @Traced}), so the user look-up shows up in the trace between the payment's SERVER span and the CLIENT
 * span of the call it makes.
 */
@ApplicationScoped
@Traced
public class AccountDirectory {
  @Inject
  TracingRuntime runtime;
  @Inject
  Topology topology;

  private Client client;
  private Downstream users;

  /** For CDI. */
  public AccountDirectory() {}

  @PostConstruct
  void open() {
    client = Clients.traced(runtime);
    users = new Downstream("user", client.target(topology.users()));
  }

  @PreDestroy
  void close() {
    client.close();
  }

  /**
   * Looks the user up with the user service.
   *
   * @throws dev.traceguard.api.TraceguardException {@link DemoError#USER_NOT_FOUND} for an unknown user
   */
  public User find(@SpanAttribute("user.id") long userId) {
    return users.get(target -> target.path("users").path(Long.toString(userId)), User.class);
  }
}
