package dev.traceguard.core;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Builds a {@code google.rpc.Status} carrying a {@code google.rpc.RetryInfo}, in protobuf's wire form, field by
 * field: opentelemetry-proto has no google.rpc messages. An unrelated {@code DebugInfo} detail comes first, so a
 * reader must look for the RetryInfo rather than take the first detail.
 */
public final class GrpcRetryInfo {
  private GrpcRetryInfo() {}

  /** The Status's bytes, as gRPC sends them in {@code grpc-status-details-bin} (before base64). */
  public static byte[] status(int code, long seconds, int nanos) throws IOException {
    byte[] duration = message(out -> {
      out.writeInt64(1, seconds);
      out.writeInt32(2, nanos);
    });
    byte[] retryInfo = message(out -> out.writeByteArray(1, duration));
    byte[] debugInfo = message(out -> {
      out.writeString(1, "type.googleapis.com/google.rpc.DebugInfo");
      out.writeByteArray(2, new byte[] {10, 1, 120});
    });
    byte[] any = message(out -> {
      out.writeString(1, "type.googleapis.com/google.rpc.RetryInfo");
      out.writeByteArray(2, retryInfo);
    });
    return message(out -> {
      out.writeInt32(1, code);
      out.writeString(2, "slow down");
      out.writeByteArray(3, debugInfo);
      out.writeByteArray(3, any);
    });
  }

  private interface Fields {
    void write(CodedOutputStream out) throws IOException;
  }

  private static byte[] message(Fields fields) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    fields.write(out);
    out.flush();
    return bytes.toByteArray();
  }
}
