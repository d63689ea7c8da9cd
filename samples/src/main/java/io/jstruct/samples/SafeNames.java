package io.jstruct.samples;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;

/**
 * Whether a name from the network can be a file's name in the upload folder, checked as the file
 * system will see it, before a byte of the file is read. A learner can skip this class: the seed
 * writes to {@code open(header_dic['name'], 'wb')} and trusts the name, which lets
 * {@code "../../.ssh/authorized_keys"} write anywhere.
 *
 * <p>Java turns a file name into bytes with the file system's charset ({@code sun.jnu.encoding}:
 * UTF-8 mostly, ASCII under {@code LANG=C}); most file systems take at most 255 of those bytes.
 * So {@code "é" x 128} (256 UTF-8 bytes), a lone surrogate, or any non-ASCII name under
 * {@code LANG=C} is refused here, with a reason, instead of failing at open() after the upload.
 */
final class SafeNames {
  private SafeNames() {}

  /** The longest name, in encoded bytes, that ext4, XFS, btrfs, APFS and NTFS all take. */
  static final int MAX_NAME_BYTES = 255;

  /** The charset Java encodes file names with, on this JVM. */
  static Charset fileSystemCharset() {
    String name = System.getProperty("sun.jnu.encoding");
    try {
      return name == null ? Charset.defaultCharset() : Charset.forName(name);
    } catch (IllegalArgumentException e) {
      return Charset.defaultCharset();
    }
  }

  /** Why {@code name} cannot be a plain file name here, or null when it can. */
  static String badName(Object name) {
    return badName(name, fileSystemCharset());
  }

  /** {@link #badName(Object)} for a given file-system charset. */
  static String badName(Object name, Charset fileSystem) {
    if (!(name instanceof String)) {
      return "\"name\" must be a string";
    }
    String s = (String) name;
    if (s.isEmpty()) {
      return "name must not be empty";
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
        return "name must not contain control characters (" + (c == 0 ? "NUL" : String.format("\\x%02x", (int) c)) + ")";
      }
      if (Character.isSurrogate(c)) {
        boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        if (!paired) {
          return "name contains a lone surrogate (U+" + String.format("%04X", (int) c) + "), which no file system can store";
        }
        i++;
      }
    }
    ByteBuffer encoded;
    try {
      encoded = fileSystem.newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(s));
    } catch (CharacterCodingException e) {
      return "name cannot be written in this server's file-system charset " + fileSystem.name()
          + " (under LANG=C only ASCII names can)";
    }
    if (encoded.remaining() > MAX_NAME_BYTES) {
      return "name is " + encoded.remaining() + " bytes in " + fileSystem.name() + ", over the file system's "
          + MAX_NAME_BYTES;
    }
    return null;
  }
}
