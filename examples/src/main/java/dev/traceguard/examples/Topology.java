package dev.traceguard.examples;

import java.net.URI;

/** Where each demo service listens; given to the payment service's CDI container as a bean. Immutable. */
final class Topology {
  private final URI users;

  Topology(URI users) {
    this.users = users;
  }

  /** The user service's root URI. */
  URI users() {
    return users;
  }
}
