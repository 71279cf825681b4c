package dev.traceguard.core.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * Reads the retry delay a gRPC receiver asks for: the {@code google.rpc.RetryInfo} among the details of the {@code
 * google.rpc.Status} it sends, base64, in the {@code grpc-status-details-bin} trailer. Protobuf's wire format is
 * read by hand, just far enough: a Status, an Any, a RetryInfo, a Duration; Traceguard carries no google.rpc classes.
 * Stateless.
 */
final class GrpcRetryDelay {
  private static final String RETRY_INFO = "type.googleapis.com/google.rpc.RetryInfo";

  private GrpcRetryDelay() {}

  /**
   * The {@code retry_delay} of the {@code google.rpc.RetryInfo} among a {@code google.rpc.Status}'s details, read
   * from its base64 wire form; zero when there is none or the bytes are not what they claim.
   */
  static Duration of(String statusDetailsBase64) {
    try {
      ProtoReader status = new ProtoReader(Base64.getDecoder().decode(padded(statusDetailsBase64.strip())));
      while (status.next()) {
        if (status.field() == 3 && status.wire() == 2) { // repeated google.protobuf.Any details
          ProtoReader any = new ProtoReader(status.bytes());
          String type = null;
          byte[] value = null;
          while (any.next()) {
            if (any.field() == 1 && any.wire() == 2) {
              type = new String(any.bytes(), StandardCharsets.UTF_8);
            } else if (any.field() == 2 && any.wire() == 2) {
              value = any.bytes();
            } else {
              any.skip();
            }
          }
          if (RETRY_INFO.equals(type) && value != null) {
            return retryInfoDelay(value);
          }
        } else {
          status.skip();
        }
      }
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      // Not base64 or not a Status: no delay was given that can be trusted.
    }
    return Duration.ZERO;
  }

  private static Duration retryInfoDelay(byte[] retryInfo) {
    ProtoReader info = new ProtoReader(retryInfo);
    while (info.next()) {
      if (info.field() == 1 && info.wire() == 2) { // google.protobuf.Duration retry_delay
        ProtoReader duration = new ProtoReader(info.bytes());
        long seconds = 0;
        long nanos = 0;
        while (duration.next()) {
          if (duration.field() == 1 && duration.wire() == 0) {
            seconds = duration.varint();
          } else if (duration.field() == 2 && duration.wire() == 0) {
            nanos = duration.varint();
          } else {
            duration.skip();
          }
        }
        if (seconds < 0 || nanos < 0) {
          return Duration.ZERO;
        }
        return Duration.ofSeconds(Math.min(seconds, 86_400), Math.min(nanos, 999_999_999));
      }
      info.skip();
    }
    return Duration.ZERO;
  }

  private static String padded(String base64) {
    int missing = (4 - base64.length() % 4) % 4;
    return base64 + "=".repeat(missing);
  }

  /** Reads protobuf's wire format field by field: just enough for a Status, an Any, a RetryInfo, a Duration. */
  private static final class ProtoReader {
    private final byte[] bytes;
    private int position;
    private int tag;

    ProtoReader(byte[] bytes) {
      this.bytes = bytes;
    }

    boolean next() {
      if (position >= bytes.length) {
        return false;
      }
      tag = (int) varint();
      return true;
    }

    int field() {
      return tag >>> 3;
    }

    int wire() {
      return tag & 7;
    }

    long varint() {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        byte b = bytes[position++];
        value |= (long) (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          return value;
        }
      }
      throw new IllegalArgumentException("varint too long");
    }

    byte[] bytes() {
      long length = varint();
      if (length < 0 || length > bytes.length - position) {
        throw new IllegalArgumentException("length past the end");
      }
      byte[] value = java.util.Arrays.copyOfRange(bytes, position, position + (int) length);
      position += (int) length;
      return value;
    }

    void skip() {
      switch (wire()) {
        case 0 -> varint();
        case 1 -> position += 8;
        case 2 -> bytes();
        case 5 -> position += 4;
        default -> throw new IllegalArgumentException("wire type " + wire());
      }
      if (position > bytes.length) {
        throw new IllegalArgumentException("field past the end");
      }
    }
  }
}
