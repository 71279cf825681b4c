package dev.traceguard.core.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributeType;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.TraceStateBuilder;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfoBuilder;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes finished spans to a stream and reads them back as {@link SpanData}, for the retry directory.
 *
 * <p>Why not OTLP: the SDK writes OTLP but offers no reader back to {@code SpanData}, which every exporter takes,
 * and the retry directory must hand spilled spans to whatever exporter failed (Zipkin, a vendor's). The format is
 * Traceguard's own, versioned, and only ever read by the same library: a magic number and version, the span count,
 * then each span's fields in a fixed order with typed attribute values. A stream that does not start with the
 * magic number, ends early or holds an unknown tag is refused with an {@link IOException}. Stateless.
 */
final class SpanDataCodec {
  private static final int MAGIC = 0x54475350; // "TGSP"
  private static final int VERSION = 1;
  private static final int MAX_ITEMS = 1 << 20; // a corrupt count must not allocate without bound

  private SpanDataCodec() {}

  static void write(Collection<SpanData> spans, DataOutputStream out) throws IOException {
    out.writeInt(MAGIC);
    out.writeInt(VERSION);
    out.writeInt(spans.size());
    for (SpanData span : spans) {
      writeSpan(span, out);
    }
  }

  /** Reads only the span count from a stream {@link #write} wrote. */
  static int count(DataInputStream in) throws IOException {
    header(in);
    return size(in);
  }

  static List<SpanData> read(DataInputStream in) throws IOException {
    header(in);
    int count = size(in);
    List<SpanData> spans = new ArrayList<>(Math.min(count, 4096));
    for (int i = 0; i < count; i++) {
      spans.add(readSpan(in));
    }
    return spans;
  }

  private static void header(DataInputStream in) throws IOException {
    if (in.readInt() != MAGIC) {
      throw new IOException("not a Traceguard retry file");
    }
    int version = in.readInt();
    if (version != VERSION) {
      throw new IOException("retry file version " + version + ", this library reads " + VERSION);
    }
  }

  private static int size(DataInputStream in) throws IOException {
    int size = in.readInt();
    if (size < 0 || size > MAX_ITEMS) {
      throw new IOException("corrupt retry file: a count of " + size);
    }
    return size;
  }

  private static void writeSpan(SpanData span, DataOutputStream out) throws IOException {
    writeResource(span.getResource(), out);
    InstrumentationScopeInfo scope = span.getInstrumentationScopeInfo();
    out.writeUTF(scope.getName());
    writeNullable(scope.getVersion(), out);
    writeNullable(scope.getSchemaUrl(), out);
    writeAttributes(scope.getAttributes(), out);
    writeContext(span.getSpanContext(), out);
    writeContext(span.getParentSpanContext(), out);
    writeString(span.getName(), out);
    out.writeByte(span.getKind().ordinal());
    out.writeLong(span.getStartEpochNanos());
    out.writeLong(span.getEndEpochNanos());
    writeAttributes(span.getAttributes(), out);
    out.writeInt(span.getTotalAttributeCount());
    out.writeInt(span.getEvents().size());
    for (EventData event : span.getEvents()) {
      writeString(event.getName(), out);
      out.writeLong(event.getEpochNanos());
      writeAttributes(event.getAttributes(), out);
      out.writeInt(event.getTotalAttributeCount());
    }
    out.writeInt(span.getTotalRecordedEvents());
    out.writeInt(span.getLinks().size());
    for (LinkData link : span.getLinks()) {
      writeContext(link.getSpanContext(), out);
      writeAttributes(link.getAttributes(), out);
      out.writeInt(link.getTotalAttributeCount());
    }
    out.writeInt(span.getTotalRecordedLinks());
    out.writeByte(span.getStatus().getStatusCode().ordinal());
    writeString(span.getStatus().getDescription(), out);
  }

  private static SpanData readSpan(DataInputStream in) throws IOException {
    Resource resource = readResource(in);
    InstrumentationScopeInfoBuilder scope = InstrumentationScopeInfo.builder(in.readUTF());
    String version = readNullable(in);
    if (version != null) {
      scope.setVersion(version);
    }
    String schemaUrl = readNullable(in);
    if (schemaUrl != null) {
      scope.setSchemaUrl(schemaUrl);
    }
    scope.setAttributes(readAttributes(in));
    SpanContext context = readContext(in);
    SpanContext parent = readContext(in);
    String name = readString(in);
    SpanKind kind = enumAt(SpanKind.values(), in.readByte());
    long start = in.readLong();
    long end = in.readLong();
    Attributes attributes = readAttributes(in);
    int totalAttributes = in.readInt();
    int eventCount = size(in);
    List<EventData> events = new ArrayList<>(Math.min(eventCount, 128));
    for (int i = 0; i < eventCount; i++) {
      String eventName = readString(in);
      long at = in.readLong();
      Attributes eventAttributes = readAttributes(in);
      events.add(EventData.create(at, eventName, eventAttributes, in.readInt()));
    }
    int totalEvents = in.readInt();
    int linkCount = size(in);
    List<LinkData> links = new ArrayList<>(Math.min(linkCount, 128));
    for (int i = 0; i < linkCount; i++) {
      SpanContext linked = readContext(in);
      Attributes linkAttributes = readAttributes(in);
      links.add(LinkData.create(linked, linkAttributes, in.readInt()));
    }
    int totalLinks = in.readInt();
    StatusCode statusCode = enumAt(StatusCode.values(), in.readByte());
    StatusData status = StatusData.create(statusCode, readString(in));
    return new StoredSpan(resource, scope.build(), context, parent, name, kind, start, end, attributes,
        totalAttributes, List.copyOf(events), totalEvents, List.copyOf(links), totalLinks, status);
  }

  private static void writeResource(Resource resource, DataOutputStream out) throws IOException {
    writeNullable(resource.getSchemaUrl(), out);
    writeAttributes(resource.getAttributes(), out);
  }

  private static Resource readResource(DataInputStream in) throws IOException {
    String schemaUrl = readNullable(in);
    return Resource.create(readAttributes(in), schemaUrl);
  }

  private static void writeContext(SpanContext context, DataOutputStream out) throws IOException {
    out.writeUTF(context.getTraceId());
    out.writeUTF(context.getSpanId());
    out.writeByte(context.getTraceFlags().asByte());
    out.writeBoolean(context.isRemote());
    Map<String, String> entries = context.getTraceState().asMap();
    out.writeInt(entries.size());
    for (Map.Entry<String, String> entry : entries.entrySet()) {
      out.writeUTF(entry.getKey());
      out.writeUTF(entry.getValue());
    }
  }

  private static SpanContext readContext(DataInputStream in) throws IOException {
    String traceId = in.readUTF();
    String spanId = in.readUTF();
    TraceFlags flags = TraceFlags.fromByte(in.readByte());
    boolean remote = in.readBoolean();
    int entries = size(in);
    TraceStateBuilder state = TraceState.builder();
    for (int i = 0; i < entries; i++) {
      state.put(in.readUTF(), in.readUTF());
    }
    return remote
        ? SpanContext.createFromRemoteParent(traceId, spanId, flags, state.build())
        : SpanContext.create(traceId, spanId, flags, state.build());
  }

  private static void writeAttributes(Attributes attributes, DataOutputStream out) throws IOException {
    out.writeInt(attributes.size());
    for (Map.Entry<AttributeKey<?>, Object> entry : attributes.asMap().entrySet()) {
      AttributeKey<?> key = entry.getKey();
      Object value = entry.getValue();
      out.writeUTF(key.getKey());
      switch (key.getType()) {
        case BOOLEAN -> {
          out.writeByte(0);
          out.writeBoolean((Boolean) value);
        }
        case LONG -> {
          out.writeByte(1);
          out.writeLong((Long) value);
        }
        case DOUBLE -> {
          out.writeByte(2);
          out.writeDouble((Double) value);
        }
        case STRING_ARRAY, BOOLEAN_ARRAY, LONG_ARRAY, DOUBLE_ARRAY -> {
          out.writeByte(3 + key.getType().ordinal() - AttributeType.STRING_ARRAY.ordinal());
          List<?> list = (List<?>) value;
          out.writeInt(list.size());
          for (Object item : list) {
            writeItem(key.getType(), item, out);
          }
        }
        default -> { // STRING, and any newer type the SDK adds: kept as its text
          out.writeByte(7);
          writeString(String.valueOf(value), out);
        }
      }
    }
  }

  private static void writeItem(AttributeType type, Object item, DataOutputStream out) throws IOException {
    switch (type) {
      case BOOLEAN_ARRAY -> out.writeBoolean((Boolean) item);
      case LONG_ARRAY -> out.writeLong((Long) item);
      case DOUBLE_ARRAY -> out.writeDouble((Double) item);
      default -> writeString(String.valueOf(item), out);
    }
  }

  private static Attributes readAttributes(DataInputStream in) throws IOException {
    int count = size(in);
    AttributesBuilder attributes = Attributes.builder();
    for (int i = 0; i < count; i++) {
      String key = in.readUTF();
      int tag = in.readByte();
      switch (tag) {
        case 0 -> attributes.put(key, in.readBoolean());
        case 1 -> attributes.put(key, in.readLong());
        case 2 -> attributes.put(key, in.readDouble());
        case 3 -> {
          String[] items = new String[size(in)];
          for (int j = 0; j < items.length; j++) {
            items[j] = readString(in);
          }
          attributes.put(key, items);
        }
        case 4 -> {
          boolean[] items = new boolean[size(in)];
          for (int j = 0; j < items.length; j++) {
            items[j] = in.readBoolean();
          }
          attributes.put(key, items);
        }
        case 5 -> {
          long[] items = new long[size(in)];
          for (int j = 0; j < items.length; j++) {
            items[j] = in.readLong();
          }
          attributes.put(key, items);
        }
        case 6 -> {
          double[] items = new double[size(in)];
          for (int j = 0; j < items.length; j++) {
            items[j] = in.readDouble();
          }
          attributes.put(key, items);
        }
        case 7 -> attributes.put(key, readString(in));
        default -> throw new IOException("corrupt retry file: attribute type " + tag);
      }
    }
    return attributes.build();
  }

  /** Strings of any length: {@link DataOutputStream#writeUTF} stops at 64 KiB of encoded bytes. */
  private static void writeString(String value, DataOutputStream out) throws IOException {
    byte[] bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static String readString(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > (64 << 20)) {
      throw new IOException("corrupt retry file: a string of " + length + " bytes");
    }
    return new String(in.readNBytes(length), java.nio.charset.StandardCharsets.UTF_8);
  }

  private static void writeNullable(@Nullable String value, DataOutputStream out) throws IOException {
    out.writeBoolean(value != null);
    if (value != null) {
      writeString(value, out);
    }
  }

  private static @Nullable String readNullable(DataInputStream in) throws IOException {
    return in.readBoolean() ? readString(in) : null;
  }

  private static <E> E enumAt(E[] values, int ordinal) throws IOException {
    if (ordinal < 0 || ordinal >= values.length) {
      throw new IOException("corrupt retry file: " + values[0].getClass().getSimpleName() + " " + ordinal);
    }
    return values[ordinal];
  }

  /** A span read back from a retry file. */
  private record StoredSpan(Resource getResource, InstrumentationScopeInfo getInstrumentationScopeInfo,
      SpanContext getSpanContext, SpanContext getParentSpanContext, String getName, SpanKind getKind,
      long getStartEpochNanos, long getEndEpochNanos, Attributes getAttributes, int getTotalAttributeCount,
      List<EventData> getEvents, int getTotalRecordedEvents, List<LinkData> getLinks, int getTotalRecordedLinks,
      StatusData getStatus) implements SpanData {
    @Override
    public boolean hasEnded() {
      return true;
    }

    @Override
    @SuppressWarnings("deprecation") // required by the interface
    public io.opentelemetry.sdk.common.InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
      InstrumentationScopeInfo scope = getInstrumentationScopeInfo;
      return io.opentelemetry.sdk.common.InstrumentationLibraryInfo.create(
          scope.getName(), scope.getVersion(), scope.getSchemaUrl());
    }
  }
}
