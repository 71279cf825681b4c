package dev.traceguard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import org.junit.jupiter.api.Test;

/** How an exporter is named in log lines and retry directories. */
class ExportLedgerTest {

  @Test
  void destination_endpointInDescription_namesItWithoutCredentialsOrQuery() {
    SpanExporter exporter = new Described(
        "OtlpHttpSpanExporter{endpoint=https://user:secret@collector:4318/v1/traces?key=k, timeout=10s}");

    assertThat(ExportLedger.destination(exporter))
        .isEqualTo("https://collector:4318/v1/traces (OtlpHttpSpanExporter)");
  }

  @Test
  void destination_namedClassWithoutDescription_isItsSimpleName() {
    assertThat(ExportLedger.destination(new Described("Described@1b2c3d"))).isEqualTo("Described");
  }

  @Test
  void destination_anonymousClassDescribedAsObjectDoes_isItsBinaryNameWithoutPackage() {
    SpanExporter anonymous = new Described("dev.acme.Beans$1@7a81197d") {};

    assertThat(ExportLedger.destination(anonymous)).isEqualTo("Beans$1");
  }

  @Test
  void destination_nestedClassDescribedAsObjectDoes_isItsOwnName() {
    assertThat(ExportLedger.destination(new Described("dev.acme.Beans$AuditExporter@7a81197d")))
        .isEqualTo("AuditExporter");
  }

  @Test
  void destination_anonymousClassWithoutDescription_isItsFullName() {
    SpanExporter anonymous = new Described("") {};

    assertThat(ExportLedger.destination(anonymous)).isEqualTo(ExportLedgerTest.class.getName() + "$2");
  }

  @Test
  void destination_wrapperDescribedAsItsDelegate_namesTheDelegate() {
    SpanExporter wrapper = new Described("com.acme.AuditSpanExporter@1b2c3d");

    assertThat(ExportLedger.destination(wrapper)).isEqualTo("AuditSpanExporter");
  }

  /** An exporter whose description is given. */
  private static class Described implements SpanExporter {
    private final String description;

    Described(String description) {
      this.description = description;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public String toString() {
      return description;
    }
  }
}
