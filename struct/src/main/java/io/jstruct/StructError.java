package io.jstruct;

/**
 * The one exception this library throws: Python's {@code struct.error}.
 *
 * <p>The message is CPython 3.11's text for the same failure, so that code ported from Python, and
 * the people reading its logs, see what they would have seen there:
 *
 * <pre>{@code
 * Struct.pack("i", 3_000_000_000L);
 * // StructError: 'i' format requires -2147483648 <= number <= 2147483647
 * }</pre>
 *
 * <p>Where CPython raises something other than {@code struct.error} for bad input to a struct
 * function ({@code OverflowError} for a float too large to pack, {@code TypeError} for a format that
 * is not a string), this library still throws {@code StructError}, with CPython's message text.
 */
public class StructError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an error with CPython's message text for the failure.
   *
   * @param message CPython's message for the same failure
   */
  public StructError(String message) {
    super(message);
  }
}
