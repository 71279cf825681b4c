package dev.traceguard.all.sample;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /api/shops/{shopId}/items/{itemId}} and {@code GET /api/shops/{shopId}/archived/{itemId}}, matched
 * through two sub-resource locators returning the same class.
 */
@Path("/shops")
public class ShopResource {
  /** The locator: a shop's items. */
  @Path("{shopId}/items")
  public Items items(@PathParam("shopId") long shopId) {
    return new Items(shopId);
  }

  /** The other locator: a shop's archived items, the same resource class. */
  @Path("{shopId}/archived")
  public Items archived(@PathParam("shopId") long shopId) {
    return new Items(shopId);
  }

  /** The sub-resource of one shop's items. */
  public static class Items {
    private final long shopId;

    Items(long shopId) {
      this.shopId = shopId;
    }

    /** Describes one item of the shop. */
    @GET
    @Path("{itemId}")
    @Produces(MediaType.TEXT_PLAIN)
    public String item(@PathParam("itemId") long itemId) {
      return "shop " + shopId + " item " + itemId;
    }
  }
}
