package io.jstruct.samples;

import io.jstruct.framing.HeaderDictFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * File transfer, the tutorial's next exercise: the header dict describes the file, the bytes
 * follow.
 *
 * <pre>
 * upload:  +----------+-------------------------------------------------------+-------------+
 *          | i: len H | H = {"name": "a.txt", "size": n, "sha256": "9f86...", | n bytes of  |
 *          |          |      "total_size": n}       (+ "token" with --token) | the file    |
 *          +----------+-------------------------------------------------------+-------------+
 * answer:  +----------+------------------------------------------------------+
 *          | i: len H | H = {"status": "ok" | "error", "message": "...",     |   (no payload)
 *          |          |      "total_size": 0}                                |
 *          +----------+------------------------------------------------------+
 * </pre>
 *
 * Both ends stream: the client hashes the file, then sends it; the server writes it to a
 * temporary file while hashing, and only a file whose SHA-256 matches gets its name.
 */
final class FileProtocol {
  private FileProtocol() {}

  static final String NAME = "name";
  static final String SIZE = "size";
  static final String SHA256 = "sha256";
  static final String STATUS = "status";
  static final String MESSAGE = "message";

  static HeaderDictFormat format(long maxFileSize) {
    return HeaderDictFormat.builder().maxPayloadLength(maxFileSize).maxHeaderLength(8192).build();
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JVM has SHA-256", e);
    }
  }

  /** The file's SHA-256 in hex, read in constant memory. */
  static String sha256Of(Path file) throws IOException {
    MessageDigest digest = sha256();
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * Why {@code name} may not be used as a file name in the target folder, or null when it may:
   * a plain name only, so a header like {@code "name": "../../.ssh/authorized_keys"} cannot
   * write outside the folder.
   */
  static String badName(Object name) {
    if (!(name instanceof String)) {
      return "\"name\" must be a string";
    }
    String s = (String) name;
    if (s.isEmpty() || s.length() > 255) {
      return "name must have 1 to 255 characters";
    }
    if (s.equals(".") || s.equals("..")) {
      return "name must not be '" + s + "'";
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '/' || c == '\\' || c == ':') {
        return "name must be a plain file name, without '" + c + "' (no paths)";
      }
      if (c < 0x20 || c == 0x7f) {
        return "name must not contain control characters";
      }
    }
    return null;
  }
}
