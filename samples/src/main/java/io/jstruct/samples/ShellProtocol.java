package io.jstruct.samples;

import io.jstruct.framing.FrameFormat;
import io.jstruct.framing.HeaderDictFormat;
import java.util.Locale;

/**
 * The remote shell's wire formats, shared by server and client.
 *
 * <pre>
 * command, no token:  the UTF-8 command, sent whole; the server takes what one recv(1024) returns
 * command, --token:   +----------+------------------------------------------+---------+
 *                     | i: len H | H = {"token": "...", "total_size": n}    | command |
 *                     +----------+------------------------------------------+---------+
 * reply, length:      +----------------+--------+--------+
 *                     | i: total_size  | stdout | stderr |      struct.pack('i', total_size)
 *                     +----------------+--------+--------+
 * reply, json:        +----------+------------------------------------+--------+--------+
 *                     | i: len H | H = {"encoding": "GBK", ...,       | stdout | stderr |
 *                     |          |      "total_size": n}              |        |        |
 *                     +----------+------------------------------------+--------+--------+
 * </pre>
 *
 * {@code i} is native order and size, as the seed's {@code struct.pack('i', ...)}: 4 bytes,
 * little-endian on every machine the tutorial runs on.
 */
final class ShellProtocol {
  private ShellProtocol() {}

  enum Protocol {
    LENGTH,
    JSON;

    static Protocol parse(String text) throws UsageException {
      switch (text.toLowerCase(Locale.ROOT)) {
        case "length":
          return LENGTH;
        case "json":
          return JSON;
        default:
          throw new UsageException("--protocol must be 'length' or 'json': '" + text + "'");
      }
    }
  }

  /** The seed's client sends a command with one send() and the server takes one recv(1024). */
  static final int MAX_RAW_COMMAND = 1024;
  /** A framed command (with --token) may be longer; still a command, not a file. */
  static final int MAX_FRAMED_COMMAND = 64 * 1024;

  static final String ENCODING_KEY = "encoding";
  static final String ERROR_KEY = "error";

  static FrameFormat lengthReply(long maxOutput) {
    return FrameFormat.builder("i").maxFrameLength(maxOutput).build();
  }

  static HeaderDictFormat jsonReply(long maxOutput) {
    return HeaderDictFormat.builder().maxPayloadLength(maxOutput).build();
  }

  /** A framed command: the header holds the token, the payload the command. */
  static final HeaderDictFormat COMMAND =
      HeaderDictFormat.builder().maxPayloadLength(MAX_FRAMED_COMMAND).maxHeaderLength(4096).build();

  static final String HELP = String.join("\n",
      "WARNING: a remote shell is remote code execution. Anyone who can connect runs any command",
      "as the user running shell-server. It listens on 127.0.0.1 only, unless --host names another",
      "address, and then it refuses to start without --token. The token travels in clear text: beyond",
      "a trusted network, keep the server on loopback and reach it through an SSH tunnel.",
      "",
      "Wire formats (i = struct.pack('i', n): 4 bytes, native order, as in the seed):",
      "  command:           the UTF-8 command, whatever one recv(1024) returns, as the seed's client sends it",
      "  command + --token: i(len(H)) + H + command, H = UTF-8 JSON {\"token\": \"...\", \"total_size\": len(command)};",
      "                     a token needs --protocol json; the seed's Python clients work only without a token",
      "  reply, length:     i(total_size) + stdout + stderr                       (the seed's fix)",
      "  reply, json:       i(len(H)) + H + stdout + stderr, H = UTF-8 JSON {\"encoding\": output charset,",
      "                     \"stdout_size\", \"stderr_size\", \"exit_code\", \"timed_out\", \"truncated\", \"total_size\"}",
      "A command runs in its own session; when it ends, times out (--timeout) or passes --max-output, every",
      "process it started is killed (background jobs too), and a note saying what was cut ends stderr.",
      "A command must begin within --idle-timeout and, once begun, arrive whole within 30 s; each 64 KiB of a",
      "reply must be read within 30 s. --max-clients at once; when full, a connection not running a command",
      "gives its slot to a newcomer (first one that never had a command accepted), and is told why.");
}
