package dev.traceguard.core;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.semconv.ClientAttributes;
import io.opentelemetry.semconv.CodeAttributes;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.ExceptionAttributes;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.NetworkAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.opentelemetry.semconv.UrlAttributes;
import io.opentelemetry.semconv.UserAgentAttributes;

/**
 * Every span attribute key and event name Traceguard writes, declared once.
 *
 * <p>Keys the OpenTelemetry semantic conventions define are the very constants of {@code opentelemetry-semconv}
 * (all of them from its stable package {@code io.opentelemetry.semconv}, none from the incubating artifact), so a
 * renamed convention shows up as a compile error here and nowhere else. Only {@link #ERROR_CODE} and {@link
 * #ERROR_DOMAIN} are Traceguard's own: the conventions have no key for an application error code.
 *
 * <p>All constants are immutable and safe to share between threads.
 */
public final class TraceguardAttributes {

  // --- Errors and exceptions -------------------------------------------------------------------------------

  /**
   * {@code error.type} (stable semconv): the class name of the throwable that ended the operation, as {@link
   * Class#getName()} returns it.
   */
  public static final AttributeKey<String> ERROR_TYPE = ErrorAttributes.ERROR_TYPE;

  /**
   * {@code error.code} (Traceguard's own): the {@link dev.traceguard.api.ErrorCode#code() number} of a {@link
   * dev.traceguard.api.TraceguardException}'s error code. Set on the span only for such exceptions.
   */
  public static final AttributeKey<Long> ERROR_CODE = AttributeKey.longKey("error.code");

  /**
   * {@code error.domain} (Traceguard's own): the {@link dev.traceguard.api.ErrorCode#domain() domain} of a {@link
   * dev.traceguard.api.TraceguardException}'s error code, such as {@code USER}. Set on the span only for such
   * exceptions.
   */
  public static final AttributeKey<String> ERROR_DOMAIN = AttributeKey.stringKey("error.domain");

  /**
   * The name of the span event that records a throwable: {@value}, as the exception semantic conventions
   * require. It carries {@link #EXCEPTION_TYPE}, {@link #EXCEPTION_MESSAGE} and {@link #EXCEPTION_STACKTRACE}.
   */
  public static final String EXCEPTION_EVENT = "exception";

  /**
   * Request property holding Traceguard's state of one traced SERVER request (its span, start time, error scope and
   * the scope that made the span current), for the filters of that request. Its type is internal to the JAX-RS
   * integration; absent when the request is not traced.
   */
  public static final String REQUEST_TRACE = "dev.traceguard.request";

  /** Request property holding the CLIENT span of an outgoing call. */
  public static final String CLIENT_SPAN = "dev.traceguard.client-span";

  /** Response header carrying the server span's context (W3C Trace Context Level 2). */
  public static final String TRACERESPONSE_HEADER = "traceresponse";

  /** {@code exception.type} (stable semconv), on the {@value #EXCEPTION_EVENT} event: the throwable's class name. */
  public static final AttributeKey<String> EXCEPTION_TYPE = ExceptionAttributes.EXCEPTION_TYPE;

  /**
   * {@code exception.message} (stable semconv), on the {@value #EXCEPTION_EVENT} event: the throwable's message,
   * recorded raw and masked on the export path. Absent when the message is null.
   */
  public static final AttributeKey<String> EXCEPTION_MESSAGE = ExceptionAttributes.EXCEPTION_MESSAGE;

  /**
   * {@code exception.stacktrace} (stable semconv), on the {@value #EXCEPTION_EVENT} event: the stack trace in the
   * configured {@link dev.traceguard.api.StackTraceMode}; absent in mode {@code NONE}.
   */
  public static final AttributeKey<String> EXCEPTION_STACKTRACE = ExceptionAttributes.EXCEPTION_STACKTRACE;

  /**
   * {@code code.function.name} (stable semconv), on a log record bridged from {@code java.util.logging}: the
   * logging class's name and method, {@code com.example.Orders.place}.
   */
  public static final AttributeKey<String> CODE_FUNCTION_NAME = CodeAttributes.CODE_FUNCTION_NAME;

  /** {@code thread.id} (semconv, development), on a bridged log record: the id of the thread that logged. */
  public static final AttributeKey<Long> THREAD_ID = AttributeKey.longKey("thread.id");

  /** {@code thread.name} (semconv, development), on a bridged log record: the name of the thread that logged. */
  public static final AttributeKey<String> THREAD_NAME = AttributeKey.stringKey("thread.name");

  // --- HTTP ----------------------------------------------------------------------------------------------

  /** {@code http.request.method} (stable semconv): the request method, such as {@code GET}. */
  public static final AttributeKey<String> HTTP_REQUEST_METHOD = HttpAttributes.HTTP_REQUEST_METHOD;

  /**
   * {@code http.response.status_code} (stable semconv): the response status. On SERVER spans set by the server
   * filter or, for a failed request, by the exception tracer; on CLIENT spans by the client response filter.
   */
  public static final AttributeKey<Long> HTTP_RESPONSE_STATUS_CODE = HttpAttributes.HTTP_RESPONSE_STATUS_CODE;

  /** {@code http.route} (stable semconv): the matched route template, such as {@code /users/{id}}. */
  public static final AttributeKey<String> HTTP_ROUTE = HttpAttributes.HTTP_ROUTE;

  // --- URL, server, client, network ----------------------------------------------------------------------

  /** {@code url.full} (stable semconv): the absolute URL of a CLIENT request. */
  public static final AttributeKey<String> URL_FULL = UrlAttributes.URL_FULL;

  /** {@code url.path} (stable semconv): the path of a SERVER request, such as {@code /users/42}. */
  public static final AttributeKey<String> URL_PATH = UrlAttributes.URL_PATH;

  /** {@code url.query} (stable semconv): the query string of a SERVER request, without the {@code ?}. */
  public static final AttributeKey<String> URL_QUERY = UrlAttributes.URL_QUERY;

  /** {@code url.scheme} (stable semconv): {@code http} or {@code https}. */
  public static final AttributeKey<String> URL_SCHEME = UrlAttributes.URL_SCHEME;

  /** {@code server.address} (stable semconv): the host name the request was sent to. */
  public static final AttributeKey<String> SERVER_ADDRESS = ServerAttributes.SERVER_ADDRESS;

  /** {@code server.port} (stable semconv): the port the request was sent to. */
  public static final AttributeKey<Long> SERVER_PORT = ServerAttributes.SERVER_PORT;

  /** {@code client.address} (stable semconv): the address of the client that sent a SERVER request. */
  public static final AttributeKey<String> CLIENT_ADDRESS = ClientAttributes.CLIENT_ADDRESS;

  /** {@code user_agent.original} (stable semconv): the {@code User-Agent} header as received. */
  public static final AttributeKey<String> USER_AGENT_ORIGINAL = UserAgentAttributes.USER_AGENT_ORIGINAL;

  /** {@code network.protocol.version} (stable semconv): the HTTP version, such as {@code 1.1} or {@code 2}. */
  public static final AttributeKey<String> NETWORK_PROTOCOL_VERSION = NetworkAttributes.NETWORK_PROTOCOL_VERSION;

  // --- Metrics ---------------------------------------------------------------------------------------------

  /**
   * {@code reason} (Traceguard's own), on the {@code traceguard.spans.dropped} metric: why spans were dropped, the
   * lower-case name of a {@link DropReason}, such as {@code retry_buffer_full}.
   */
  public static final AttributeKey<String> DROP_REASON = AttributeKey.stringKey("reason");

  private TraceguardAttributes() {}
}
