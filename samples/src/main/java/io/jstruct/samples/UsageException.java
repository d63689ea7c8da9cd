package io.jstruct.samples;

/** A command line the sample cannot run: the message says what is wrong; Main adds the usage. */
final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
