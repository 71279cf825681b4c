package dev.traceguard.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.traceguard.api.ErrorCode;
import dev.traceguard.api.TraceguardException;
import dev.traceguard.api.TracingConfig;
import dev.traceguard.core.TracingRuntime;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.Test;

/**
 * One failed request, exported and answered, compared byte for byte (after the values that change from run to run
 * are replaced: span ids, times, the port, process facts, generated class names, the lines of the JDK's frames and of this file's) with the files in {@code
 * src/test/resources/golden}: the spans the {@code file} exporter writes, with the exception event, its masked
 * message and rendered stack trace, and the problem+json body. A change to what a failed request exports shows up
 * here first. {@code -Dtraceguard.golden.write=true} rewrites the files after a deliberate change.
 */
class FailedRequestGoldenTest extends RuntimeJerseyTest {
  private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");
  private static final String CALLER_TRACE = "0af7651916cd43dd8448eb211c80319c";
  private static final String CALLER_SPAN = "b7ad6b7169203331";
  // An attribute value never holds ']' here: the list ends at the first one followed by ',"' or '}'.
  private static final Pattern ATTRIBUTES = Pattern.compile("\"attributes\":\\[(.*?)\\](?=,\"|\\})", Pattern.DOTALL);

  private Path file;

  enum OrderError implements ErrorCode {
    DECLINED;

    @Override
    public int code() {
      return 4021;
    }

    @Override
    public String domain() {
      return "ORDER";
    }

    @Override
    public int httpStatus() {
      return 402;
    }

    @Override
    public String title() {
      return "Payment declined";
    }
  }

  @jakarta.ws.rs.Path("/orders")
  public static class OrderResource {
    @GET
    @jakarta.ws.rs.Path("/{id}/pay")
    public Response pay(@PathParam("id") long id) {
      IllegalStateException cause = new IllegalStateException("card 4111 1111 1111 1111 refused for jane.doe@example.com");
      throw new TraceguardException(OrderError.DECLINED, "The card was declined",
          "order " + id + " declined for jane.doe@example.com", cause);
    }
  }

  @Override
  TracingRuntime startRuntime(int containerPort) {
    file = spansFile("traceguard-golden");
    return TracingRuntime.create(TracingConfig.builder()
        .setServiceName("golden")
        .setExporters(List.of("file"))
        .setFilePath(file)
        .build()).start();
  }

  @Override
  ResourceConfig application(TracingRuntime runtime) {
    return new ResourceConfig(OrderResource.class).register(new TraceguardFeature(runtime));
  }

  @Test
  void failedRequest_exportedAndAnswered_matchTheGoldenFiles() throws Exception {
    Response response = target("orders/42/pay").request()
        .header("traceparent", "00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-01")
        .header("User-Agent", "golden/1.0")
        .get();
    String problem = response.readEntity(String.class);
    assertThat(response.getStatus()).isEqualTo(402);

    runtime.forceFlush(Duration.ofSeconds(5));
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(file) && Files.size(file) > 0);

    check("failed-request.problem.json", normalize(problem));
    check("failed-request.spans.json", normalize(Files.readString(file, StandardCharsets.UTF_8)));
  }

  private String normalize(String text) {
    String port = Integer.toString(getPort());
    return sortAttributes(text.strip())
        .replace(":" + port + "/", ":<port>/")
        .replace("\"intValue\":\"" + port + "\"", "\"intValue\":\"<port>\"")
        .replaceAll("\"spanId\":\"(?!" + CALLER_SPAN + ")[0-9a-f]{16}\"", "\"spanId\":\"<span-id>\"")
        .replaceAll("(\"span_id\":\")[0-9a-f]{16}\"", "$1<span-id>\"")
        .replaceAll("-[0-9a-f]{16}-01", "-<span-id>-01")
        .replaceAll("\"(start|end)?(T|t)imeUnixNano\":\"\\d+\"", "\"$1$2imeUnixNano\":\"<time>\"")
        .replaceAll("(\"key\":\"(process\\.pid|process\\.runtime\\.version|process\\.runtime\\.name|host\\.name"
            + "|thread\\.id|thread\\.name)\",\"value\":\\{\"(string|int)Value\":)\"[^\"]*\"", "$1\"<varies>\"")
        .replaceAll("\\$\\$Lambda\\$\\d+/0x[0-9a-f]+", "\\$\\$Lambda")
        // Lines of the JDK's frames move between JDK updates, and this file's with every edit of it; Jersey's do not.
        .replaceAll("(\\\\tat (?:java|jdk|sun)\\.[^(]*\\(\\w+\\.java):\\d+\\)", "$1)")
        .replaceAll("\\(FailedRequestGoldenTest\\.java:\\d+\\)", "(FailedRequestGoldenTest.java)")
        .replaceAll("(\\},|\\],)", "$1\n");
  }

  /** The SDK keeps attributes in a hash map, whose order may differ from run to run: each list sorted by key. */
  private static String sortAttributes(String json) {
    Matcher list = ATTRIBUTES.matcher(json);
    StringBuilder sorted = new StringBuilder();
    while (list.find()) {
      String entries = list.group(1);
      List<String> each = entries.isEmpty() ? List.of()
          : Arrays.stream(entries.substring(1, entries.length() - 1).split("\\},\\{(?=\"key\")"))
              .sorted().toList();
      String joined = each.isEmpty() ? "" : "{" + String.join("},{", each) + "}";
      list.appendReplacement(sorted, Matcher.quoteReplacement("\"attributes\":[" + joined + "]"));
    }
    list.appendTail(sorted);
    return sorted.toString();
  }

  private static void check(String name, String actual) throws IOException {
    Path golden = GOLDEN.resolve(name);
    if (Boolean.getBoolean("traceguard.golden.write")) {
      Files.writeString(golden, actual + "\n", StandardCharsets.UTF_8);
    }
    assertThat(golden).as("golden file %s (-Dtraceguard.golden.write=true writes it)", golden).exists();
    assertThat(actual + "\n").isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
  }
}
