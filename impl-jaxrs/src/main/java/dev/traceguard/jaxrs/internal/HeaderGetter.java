package dev.traceguard.jaxrs.internal;

import io.opentelemetry.context.propagation.TextMapGetter;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads request headers for propagation. JAX-RS header maps are case-insensitive; every value of a repeated header
 * is returned by {@link #getAll}. Stateless.
 */
enum HeaderGetter implements TextMapGetter<MultivaluedMap<String, String>> {
  INSTANCE;

  @Override
  public Iterable<String> keys(MultivaluedMap<String, String> carrier) {
    return carrier.keySet();
  }

  @Override
  public @Nullable String get(@Nullable MultivaluedMap<String, String> carrier, String key) {
    return carrier == null ? null : carrier.getFirst(key);
  }

  @Override
  public Iterator<String> getAll(@Nullable MultivaluedMap<String, String> carrier, String key) {
    List<String> values = carrier == null ? null : carrier.get(key);
    return values == null ? Collections.emptyIterator() : values.iterator();
  }
}
