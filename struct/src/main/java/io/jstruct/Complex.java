package io.jstruct;

/**
 * A complex number, as the complex format codes pack and unpack it: Python's {@code complex}.
 *
 * <pre>
 * '&lt;Zd' (also 'D'), 16 bytes:  | real: binary64 LE | imag: binary64 LE |
 * '&lt;Zf' (also 'F'),  8 bytes:  | real: binary32 LE | imag: binary32 LE |
 * </pre>
 *
 * <p>The parts are doubles whatever the code: packing with {@code F} or {@code Zf} rounds each part
 * to the nearest {@code float} (and, in standard mode, refuses a finite part too large for one, as
 * {@code f} does), so a value read back from those codes may differ from the one packed.
 *
 * <p>{@code pack} also takes any {@code Number} or {@code Boolean} for a complex code, as the real
 * part with imaginary part 0, as CPython takes an int, a float or a bool there.
 *
 * @param real the real part
 * @param imag the imaginary part
 */
public record Complex(double real, double imag) {}
