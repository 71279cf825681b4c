package dev.traceguard.core.internal;

import static java.util.Objects.requireNonNull;

import dev.traceguard.api.PiiMasker;
import dev.traceguard.core.TraceguardAttributes;
import dev.traceguard.core.internal.pii.HttpRedaction;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.common.KeyValue;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.sdk.resources.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * What every exported signal's strings go through, spans and log records alike: the {@link PiiMasker}, and on top
 * of it, whatever it is, the HTTP redaction that cannot be turned off.
 *
 * <ul>
 *   <li>a captured header {@code http.request.header.<name>} or {@code http.response.header.<name>} whose name is
 *       one of {@link HttpRedaction#SENSITIVE_HEADERS}, holds a credential word, or is one of the extra names
 *       becomes {@link PiiMasker#REDACTED}, every element of it, unless allowed; other captured headers are masked,
 *       and masked decoded when percent-encoding hides something;
 *   <li>{@code url.full} and {@code url.query} go through {@link HttpRedaction#redactQuery} before the masker, and
 *       {@code url.path} (and the path of {@code url.full}) is masked segment by segment ({@link UrlMasking});
 *   <li>{@code exception.message} and {@code exception.stacktrace} go through {@link StackTraces#stripPaths}
 *       before the masker, unless the masker is {@link PiiMasker#noop()} (masking turned off);
 *   <li>a resource's attributes are masked but for those whose keys start with {@code service.} or {@code
 *       telemetry.}, which name the service and the SDK.
 * </ul>
 *
 * <p>Every method returns its argument itself when nothing changed. Masked resources are cached by identity (a
 * runtime has one), so a resource is masked once, not once per span or record. Thread-safe; a masker that throws
 * makes the method throw, and the caller drops what it was masking.
 */
final class SignalMasking {
  private static final String REQUEST_HEADER_PREFIX = "http.request.header.";
  private static final String RESPONSE_HEADER_PREFIX = "http.response.header.";
  private static final int RESOURCE_CACHE_SIZE = 4;

  private final PiiMasker masker;
  private final boolean masking;
  private final UrlMasking urls;
  private final Set<String> extraRedactedHeaders;
  private final Set<String> allowedHeaders;
  // Most recent first; replaced as a whole, so readers need no lock. Losing a race only costs a second masking.
  private volatile ResourceEntry[] resources = new ResourceEntry[0];

  SignalMasking(PiiMasker masker, Set<String> extraRedactedHeaders, Set<String> allowedHeaders) {
    this.masker = requireNonNull(masker, "masker");
    this.masking = masker != PiiMasker.noop();
    this.urls = new UrlMasking(masking, this::text);
    this.extraRedactedHeaders = Set.copyOf(extraRedactedHeaders);
    this.allowedHeaders = Set.copyOf(allowedHeaders);
  }

  /** Whether a masker runs; false when masking is turned off and only the HTTP redaction applies. */
  boolean isMasking() {
    return masking;
  }

  PiiMasker masker() {
    return masker;
  }

  /** {@code text} through the masker. */
  String text(String text) {
    return masking ? requireNonNull(masker.mask(text), "the masker returned null") : text;
  }

  /** An exception's message or stack trace: paths stripped, then masked; as it is when masking is off. */
  String exceptionText(String text) {
    return masking ? text(StackTraces.stripPaths(text)) : text;
  }

  /** The attributes of a span, an event, a link or a log record. */
  Attributes attributes(Attributes attributes) {
    return attributes(attributes, false);
  }

  /** A structured value, such as a log record's body: every string in it masked. */
  Value<?> value(Value<?> value) {
    return masking ? maskAnyValue(Rule.MASK, value) : value;
  }

  /** The resource, its identity keys kept; cached by identity. */
  Resource resource(Resource resource) {
    ResourceEntry[] entries = resources;
    for (ResourceEntry entry : entries) {
      if (entry.source == resource) {
        return entry.masked;
      }
    }
    Attributes attributes = attributes(resource.getAttributes(), true);
    Resource masked = attributes == resource.getAttributes()
        ? resource
        : Resource.create(attributes, resource.getSchemaUrl());
    ResourceEntry[] updated = new ResourceEntry[Math.min(entries.length + 1, RESOURCE_CACHE_SIZE)];
    updated[0] = new ResourceEntry(resource, masked);
    System.arraycopy(entries, 0, updated, 1, updated.length - 1);
    resources = updated;
    return masked;
  }

  private Attributes attributes(Attributes attributes, boolean resource) {
    if (attributes.isEmpty()) {
      return attributes;
    }
    AttributeMasker visitor = new AttributeMasker(attributes, resource);
    attributes.forEach(visitor);
    return visitor.builder == null ? attributes : visitor.builder.build();
  }

  /** What is done with the strings of one attribute. */
  private enum Rule {
    KEEP,
    MASK,
    REDACT,
    URL,
    /** {@code url.path}: each segment percent-decoded and masked on its own. */
    PATH,
    /** A captured header value: masked, and masked decoded when percent-encoding hides something. */
    HEADER,
    EXCEPTION_TEXT
  }

  private Rule ruleFor(String key, boolean resource) {
    if (resource && (key.startsWith("service.") || key.startsWith("telemetry."))) {
      return Rule.KEEP;
    }
    if (isSensitiveHeaderKey(key)) {
      return Rule.REDACT;
    }
    if (key.equals(TraceguardAttributes.URL_FULL.getKey()) || key.equals(TraceguardAttributes.URL_QUERY.getKey())) {
      return Rule.URL;
    }
    if (key.equals(TraceguardAttributes.URL_PATH.getKey())) {
      return Rule.PATH;
    }
    if (key.startsWith(REQUEST_HEADER_PREFIX) || key.startsWith(RESPONSE_HEADER_PREFIX)) {
      return Rule.HEADER; // baggage: user=alice%40example.com
    }
    if (key.equals(TraceguardAttributes.EXCEPTION_MESSAGE.getKey())
        || key.equals(TraceguardAttributes.EXCEPTION_STACKTRACE.getKey())) {
      return Rule.EXCEPTION_TEXT;
    }
    return Rule.MASK;
  }

  private boolean isSensitiveHeaderKey(String key) {
    int prefix;
    if (key.startsWith(REQUEST_HEADER_PREFIX)) {
      prefix = REQUEST_HEADER_PREFIX.length();
    } else if (key.startsWith(RESPONSE_HEADER_PREFIX)) {
      prefix = RESPONSE_HEADER_PREFIX.length();
    } else {
      return false;
    }
    String name = key.substring(prefix).toLowerCase(Locale.ROOT);
    return HttpRedaction.isSensitiveHeader(name, extraRedactedHeaders, allowedHeaders);
  }

  private String apply(Rule rule, String value) {
    switch (rule) {
      case KEEP:
        return value;
      case REDACT:
        return PiiMasker.REDACTED.equals(value) ? value : PiiMasker.REDACTED;
      case URL:
        return urls.maskUrl(HttpRedaction.redactQuery(value));
      case PATH:
        return urls.maskPath(value);
      case HEADER:
        return urls.maskEncoded(value);
      case EXCEPTION_TEXT:
        return exceptionText(value);
      default:
        return text(value);
    }
  }

  /** Returns {@code value} itself when none of its strings changed. */
  private Object maskValue(Rule rule, AttributeKey<?> key, Object value) {
    switch (key.getType()) {
      case STRING:
        return apply(rule, (String) value);
      case STRING_ARRAY:
        return maskStrings(rule, (List<?>) value);
      case VALUE:
        return maskAnyValue(rule, (Value<?>) value);
      default:
        return value;
    }
  }

  private List<?> maskStrings(Rule rule, List<?> values) {
    List<String> masked = null;
    for (int i = 0; i < values.size(); i++) {
      String value = (String) values.get(i);
      String result = apply(rule, value);
      if (result != value && masked == null) {
        masked = new ArrayList<>(values.size());
        for (int j = 0; j < i; j++) {
          masked.add((String) values.get(j));
        }
      }
      if (masked != null) {
        masked.add(result);
      }
    }
    return masked == null ? values : masked;
  }

  private Value<?> maskAnyValue(Rule rule, Value<?> value) {
    switch (value.getType()) {
      case STRING: {
        String text = (String) value.getValue();
        String masked = apply(rule, text);
        return masked == text ? value : Value.of(masked);
      }
      case ARRAY: {
        @SuppressWarnings("unchecked")
        List<Value<?>> elements = (List<Value<?>>) value.getValue();
        List<Value<?>> masked = null;
        for (int i = 0; i < elements.size(); i++) {
          Value<?> element = elements.get(i);
          Value<?> result = maskAnyValue(rule, element);
          if (result != element && masked == null) {
            masked = new ArrayList<>(elements);
          }
          if (masked != null) {
            masked.set(i, result);
          }
        }
        return masked == null ? value : Value.of(masked);
      }
      case KEY_VALUE_LIST: {
        @SuppressWarnings("unchecked")
        List<KeyValue> entries = (List<KeyValue>) value.getValue();
        KeyValue[] masked = null;
        for (int i = 0; i < entries.size(); i++) {
          KeyValue entry = entries.get(i);
          Value<?> result = maskAnyValue(rule, entry.getValue());
          if (result != entry.getValue() && masked == null) {
            masked = entries.toArray(new KeyValue[0]);
          }
          if (masked != null && result != entry.getValue()) {
            masked[i] = KeyValue.of(entry.getKey(), result);
          }
        }
        return masked == null ? value : Value.of(masked);
      }
      default:
        return value;
    }
  }

  /** Visits the attributes of one set; makes a builder at the first change only. */
  private final class AttributeMasker implements BiConsumer<AttributeKey<?>, Object> {
    private final Attributes source;
    private final boolean resource;
    @Nullable AttributesBuilder builder;

    AttributeMasker(Attributes source, boolean resource) {
      this.source = source;
      this.resource = resource;
    }

    @Override
    public void accept(AttributeKey<?> key, Object value) {
      Rule rule = ruleFor(key.getKey(), resource);
      if (rule == Rule.KEEP || ((rule == Rule.MASK || rule == Rule.HEADER) && !masking)) {
        return;
      }
      Object masked = maskValue(rule, key, value);
      if (masked == value) {
        return;
      }
      if (builder == null) {
        builder = source.toBuilder();
      }
      @SuppressWarnings("unchecked")
      AttributeKey<Object> typed = (AttributeKey<Object>) key;
      builder.put(typed, masked);
    }
  }

  private static final class ResourceEntry {
    final Resource source;
    final Resource masked;

    ResourceEntry(Resource source, Resource masked) {
      this.source = source;
      this.masked = masked;
    }
  }
}
