package dev.traceguard.jaxrs;

import dev.traceguard.api.ErrorCode;
import dev.traceguard.api.TraceguardException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** Resources the JAX-RS tests serve over real HTTP. */
final class TestResources {
  private TestResources() {}

  enum UserError implements ErrorCode {
    NOT_FOUND;

    @Override
    public int code() {
      return 1001;
    }

    @Override
    public String domain() {
      return "USER";
    }

    @Override
    public int httpStatus() {
      return 404;
    }

    @Override
    public String title() {
      return "User not found";
    }
  }

  @Path("/users")
  public static class UserResource {
    @GET
    @Path("/{id}")
    public String get(@PathParam("id") long id) {
      if (id > 999) {
        throw new TraceguardException(UserError.NOT_FOUND, "No such user", "no user " + id + " for bob@example.com",
            null);
      }
      return "user-" + id;
    }

    @GET
    @Path("/boom")
    public String boom() {
      throw new IllegalStateException("database password for alice@example.com rejected");
    }

    @GET
    @Path("/gone")
    public String gone() {
      throw new NotFoundException();
    }

    @GET
    @Path("/conflict")
    public String conflict() {
      throw new WebApplicationException(Response.status(409).entity("custom conflict body").build());
    }

    @GET
    @Path("/teapot")
    public String teapot() {
      throw new AppSpecificException();
    }

    @GET
    @Path("/files/{name: [a-z]+}")
    public String file(@PathParam("name") String name) {
      return name;
    }
  }

  @Path("/health")
  public static class HealthResource {
    @GET
    public String health() {
      return "ok";
    }
  }

  @Path("/orders")
  public interface OrderApi {
    @GET
    @Path("/{orderId}")
    String get(@PathParam("orderId") String orderId);
  }

  public static class OrderResource implements OrderApi {
    @Override
    public String get(String orderId) {
      return "order-" + orderId;
    }
  }

  static final class AppSpecificException extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  /** An application's own, more specific mapper: it must win over Traceguard's. */
  public static final class AppSpecificMapper implements ExceptionMapper<AppSpecificException> {
    @Override
    public Response toResponse(AppSpecificException exception) {
      return Response.status(418).entity("app mapper").build();
    }
  }

  @Path("/shops")
  public static class ShopResource {
    /** A sub-resource locator: the route of what it returns is not on any single class. */
    @Path("/{shopId}/items")
    public ItemResource items(@PathParam("shopId") String shopId) {
      return new ItemResource(shopId);
    }
  }

  public static class ItemResource {
    private final String shopId;

    ItemResource(String shopId) {
      this.shopId = shopId;
    }

    @GET
    @Path("/{itemId}")
    public String get(@PathParam("itemId") String itemId) {
      return shopId + "/" + itemId;
    }
  }
}
