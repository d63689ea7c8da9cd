package io.jstruct.samples;

import io.jstruct.framing.HeaderDictFormat;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
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
 *          |          |      "total_size": n}       (+ "token" with a token) | the file    |
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

  /** The server's answers: a header and no payload. Made once, as every format should be. */
  static final HeaderDictFormat ANSWER = format(0);

  /** Uploads of files up to {@code maxFileSize} bytes; make it once per server or client. */
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
   * Why {@code size} is not exactly {@code totalSize}, or null when it is. Only a JSON integer
   * counts: {@code 12.9}, {@code true}, {@code "12"} and {@code 2**64 + 12} (which a careless
   * {@code longValue()} wraps to 12) are refused.
   */
  static String badSize(Object size, long totalSize) {
    boolean integer = size instanceof Integer || size instanceof Long || size instanceof BigInteger;
    if (!integer || !new BigInteger(size.toString()).equals(BigInteger.valueOf(totalSize))) {
      return "\"size\" must be a whole number equal to total_size (" + totalSize + "), not " + PyBytes.repr(String.valueOf(size));
    }
    return null;
  }
}
