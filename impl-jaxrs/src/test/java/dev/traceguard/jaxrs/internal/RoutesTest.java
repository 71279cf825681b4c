package dev.traceguard.jaxrs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Routes through sub-resource locators, from the matched resources alone (the way off Jersey). */
class RoutesTest {
  private final Routes routes = new Routes();

  /** Matched URIs never read: a chain with one locator per step does not need them. */
  private static final Supplier<List<String>> UNREAD = () -> {
    throw new AssertionError("the matched URIs were read");
  };

  @Test
  void locatorRoute_rootLocatorAndSubResourceMethod_joinsTheirTemplates() throws Exception {
    String route = routes.locatorRoute("/api/", List.of(new Items(), new Shops()), item(), UNREAD);

    assertThat(route).isEqualTo("/api/shops/{shopId}/items/{itemId}");
    assertThat(routes.locatorRoute("/api/", List.of(new Items(), new Shops()), item(), UNREAD)).isSameAs(route);
  }

  @Test
  void locatorRoute_containerSubclassOfTheRoot_readsTheApplicationsClass() throws Exception {
    assertThat(routes.locatorRoute("/", List.of(new Items(), new Shops$$Proxy()), item(), UNREAD))
        .isEqualTo("/shops/{shopId}/items/{itemId}");
  }

  @Test
  void locatorRoute_twoLocatorsCouldReturnTheChild_theMatchedUriChoosesEachRequest() throws Exception {
    List<Object> resources = List.of(new Items(), new Ambiguous());

    assertThat(routes.locatorRoute("/", resources, item(),
        () -> List.of("ambiguous/b/5", "ambiguous/b", "ambiguous"))).isEqualTo("/ambiguous/b/{itemId}");
    assertThat(routes.locatorRoute("/", resources, item(),
        () -> List.of("ambiguous/a/5", "ambiguous/a", "ambiguous"))).isEqualTo("/ambiguous/a/{itemId}");
    assertThat(routes.locatorRoute("/", resources, item(),
        () -> List.of("ambiguous/7/archived/5", "ambiguous/7/archived", "ambiguous")))
        .isEqualTo("/ambiguous/{year: [0-9]+}/archived/{itemId}");
  }

  @Test
  void locatorRoute_twoLocatorsAndNoneMatchesTheUri_noneSoTheCallerFallsBack() throws Exception {
    List<Object> resources = List.of(new Items(), new Ambiguous());

    assertThat(routes.locatorRoute("/", resources, item(),
        () -> List.of("ambiguous/c/5", "ambiguous/c", "ambiguous"))).isNull();
    assertThat(routes.locatorRoute("/", resources, item(), () -> List.of("other/a/5", "ambiguous"))).isNull();
    assertThat(routes.locatorRoute("/", resources, item(), () -> List.of("ambiguous"))).isNull();
  }

  @Test
  void locatorRoute_noLocatorMatched_none() throws Exception {
    assertThat(routes.locatorRoute("/", List.of(new Shops()), Shops.class.getMethod("list"), UNREAD)).isNull();
  }

  private static Method item() throws NoSuchMethodException {
    return Items.class.getMethod("item");
  }

  @Path("/shops")
  public static class Shops {
    @GET
    public String list() {
      return "shops";
    }

    @Path("{shopId}/items")
    public Items items() {
      return new Items();
    }
  }

  /** Named as Weld names its subclasses; its override carries no annotation. */
  public static class Shops$$Proxy extends Shops {
    @Override
    public Items items() {
      return super.items();
    }
  }

  @Path("/ambiguous")
  public static class Ambiguous {
    @Path("a")
    public Items a() {
      return new Items();
    }

    @Path("b")
    public Object b() {
      return new Items();
    }

    @Path("{year: [0-9]+}/archived")
    public Items archived() {
      return new Items();
    }
  }

  public static class Items {
    @GET
    @Path("{itemId}")
    public String item() {
      return "item";
    }
  }
}
