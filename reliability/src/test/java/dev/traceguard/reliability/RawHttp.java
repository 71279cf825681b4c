package dev.traceguard.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * HTTP/1.1 written byte by byte on a socket: the JDK's and Jersey's clients refuse header values with control
 * characters and some header names, which is exactly what hostile input needs. Stateless.
 */
final class RawHttp {
  /** Status -1: the server closed or reset the connection without an answer. */
  record Answer(int status, Map<String, String> headers, String body) {
    /** Whether the container refused the request before any application code: an error status or no answer. */
    boolean refusedByContainer() {
      return status == -1 || status == 400 || status == 413 || status == 414 || status == 431;
    }
  }

  private RawHttp() {}

  /** Sends {@code GET target} with the given header lines (name, raw value bytes) and {@code Connection: close}. */
  static Answer get(int port, String target, List<Map.Entry<String, byte[]>> headers) throws IOException {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.writeBytes(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    for (Map.Entry<String, byte[]> header : headers) {
      request.writeBytes((header.getKey() + ": ").getBytes(StandardCharsets.ISO_8859_1));
      request.writeBytes(header.getValue());
      request.writeBytes(new byte[] {'\r', '\n'});
    }
    request.writeBytes(new byte[] {'\r', '\n'});
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(60_000);
      try {
        OutputStream out = socket.getOutputStream();
        out.write(request.toByteArray());
        out.flush();
      } catch (IOException refusedWhileWriting) {
        // The server may answer and close before it read everything; what it answered is still to be read.
      }
      byte[] response;
      try {
        InputStream in = socket.getInputStream();
        response = in.readAllBytes();
      } catch (IOException reset) {
        return new Answer(-1, Map.of(), "");
      }
      return parse(new String(response, StandardCharsets.ISO_8859_1));
    }
  }

  private static Answer parse(String response) {
    if (!response.startsWith("HTTP/1.1 ")) {
      return new Answer(-1, Map.of(), "");
    }
    int status = Integer.parseInt(response.substring(9, 12));
    int end = response.indexOf("\r\n\r\n");
    Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    String head = end < 0 ? response : response.substring(0, end);
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
      }
    }
    String body = end < 0 ? "" : response.substring(end + 4);
    return new Answer(status, headers, body);
  }
}
