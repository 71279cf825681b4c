package dev.traceguard.jaxrs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Routes through sub-resource locators, from the matched resources alone (the way off Jersey). */
class RoutesTest {
  private final Routes routes = new Routes();

  @Test
  void locatorRoute_rootLocatorAndSubResourceMethod_joinsTheirTemplates() throws Exception {
    String route = routes.locatorRoute("/api/", List.of(new Items(), new Shops()), item());

    assertThat(route).isEqualTo("/api/shops/{shopId}/items/{itemId}");
    assertThat(routes.locatorRoute("/api/", List.of(new Items(), new Shops()), item())).isSameAs(route);
  }

  @Test
  void locatorRoute_containerSubclassOfTheRoot_readsTheApplicationsClass() throws Exception {
    assertThat(routes.locatorRoute("/", List.of(new Items(), new Shops$$Proxy()), item()))
        .isEqualTo("/shops/{shopId}/items/{itemId}");
  }

  @Test
  void locatorRoute_twoLocatorsCouldReturnTheChild_noneSoTheCallerFallsBack() throws Exception {
    assertThat(routes.locatorRoute("/", List.of(new Items(), new Ambiguous()), item())).isNull();
    assertThat(routes.locatorRoute("/", List.of(new Items(), new Ambiguous()), item())).isNull();
  }

  @Test
  void locatorRoute_noLocatorMatched_none() throws Exception {
    assertThat(routes.locatorRoute("/", List.of(new Shops()), Shops.class.getMethod("list"))).isNull();
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
  }

  public static class Items {
    @GET
    @Path("{itemId}")
    public String item() {
      return "item";
    }
  }
}
