package dev.traceguard.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed key pairs and certificates made at test time with the JDK's own {@code keytool}: nothing secret is
 * checked in, and nothing expires in the repository. Each identity is a PKCS#12 key store (for a JDK server) plus
 * the PEM files the OTLP exporter reads: the certificate ({@code keytool -exportcert -rfc}) and the private key as
 * unencrypted PKCS#8, written from the key store because keytool cannot export a private key.
 */
final class TestCertificates {
  /** The password of every key store made here; PKCS#12 wants the key's password to be the store's. */
  static final char[] PASSWORD = "traceguard-test".toCharArray();

  private TestCertificates() {}

  /** One key pair with its self-signed certificate, in the forms a server and a client each need. */
  record Identity(String alias, Path keyStore, Path certificatePem, Path privateKeyPem) {
    KeyStore loadKeyStore() throws IOException, GeneralSecurityException {
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keyStore)) {
        store.load(in, PASSWORD);
      }
      return store;
    }
  }

  /**
   * Makes an RSA key pair and a certificate for {@code CN=<commonName>}, valid for two days, in {@code dir}.
   *
   * @param subjectAlternativeNames keytool's {@code san=} list such as {@code ip:127.0.0.1}, or empty for none
   */
  static Identity create(Path dir, String alias, String commonName, String subjectAlternativeNames)
      throws IOException, GeneralSecurityException, InterruptedException {
    Path keyStore = dir.resolve(alias + ".p12");
    Path certificate = dir.resolve(alias + "-cert.pem");
    Path privateKey = dir.resolve(alias + "-key.pem");
    String password = new String(PASSWORD);

    List<String> generate = new ArrayList<>(List.of(
        "-genkeypair", "-alias", alias, "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=" + commonName, "-storetype", "PKCS12", "-keystore", keyStore.toString(),
        "-storepass", password, "-keypass", password, "-noprompt"));
    if (!subjectAlternativeNames.isEmpty()) {
      generate.addAll(List.of("-ext", "san=" + subjectAlternativeNames));
    }
    keytool(generate);
    keytool(List.of("-exportcert", "-rfc", "-alias", alias, "-keystore", keyStore.toString(),
        "-storetype", "PKCS12", "-storepass", password, "-file", certificate.toString()));

    Identity identity = new Identity(alias, keyStore, certificate, privateKey);
    PrivateKey key = (PrivateKey) identity.loadKeyStore().getKey(alias, PASSWORD);
    if (!"PKCS#8".equals(key.getFormat())) {
      throw new IllegalStateException("expected a PKCS#8 key from the key store, got " + key.getFormat());
    }
    String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(key.getEncoded());
    Files.writeString(privateKey, "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n",
        StandardCharsets.US_ASCII);
    return identity;
  }

  /** The keytool beside the java running this test; java.home's as a fallback. */
  static Path keytoolPath() {
    Path java = ProcessHandle.current().info().command()
        .map(Path::of)
        .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java"));
    Path keytool = java.resolveSibling("keytool");
    return Files.isExecutable(keytool) ? keytool : Path.of(System.getProperty("java.home"), "bin", "keytool");
  }

  private static void keytool(List<String> arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(keytoolPath().toString());
    command.addAll(arguments);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    // keytool says little; reading it all before waiting keeps a full pipe from blocking it.
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("keytool did not finish within 60 seconds: " + command);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException("keytool failed (exit " + process.exitValue() + "): " + output);
    }
  }
}
