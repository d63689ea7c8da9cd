#!/usr/bin/env python3
"""Writes the golden vectors that GoldenVectorsTest checks the Java struct library against.

CPython 3.11 on x86_64 Linux (LP64, little-endian) is the oracle: every expected result below is
what this interpreter's ``struct`` module returned, never a value typed in by hand. The output is
deterministic (fixed random seed), so re-running the script on the same CPython rewrites the same
files:

    python3 struct/src/test/python/generate_golden.py [output directory]

GoldenVectorsTest also runs it into a temporary directory, when python3 is 3.11 on an LP64
little-endian machine, and fails if the committed vectors are not what it writes.

One vector per line, tab-separated columns (files ``*.tsv`` in
``struct/src/test/resources/io/jstruct/golden/``):

    category  op  format  args  outcome  result

* ``op``: pack, pack_into, unpack, unpack_from, iter_unpack, calcsize.
* ``format``: the format string, percent-encoded: bytes of its UTF-8 outside ``!``..``~``, and
  ``%`` itself, are written ``%XX``.
* ``args``: space-separated typed tokens (none for calcsize). pack: the values. pack_into: the
  buffer before the call, the offset, then the values. unpack and iter_unpack: the data.
  unpack_from: the buffer and the offset.
* ``outcome``: ``ok``, or ``error:<Python exception class>``.
* ``result``: for ok, typed tokens: pack gives the bytes, pack_into the whole buffer after the call,
  unpack and unpack_from the tuple, iter_unpack the tuples separated by ``/``, calcsize the size.
  For an error, CPython's message (never containing a tab or a newline).

Tokens: ``i:<decimal>`` a Python int passed in; ``I:``/``J:``/``N:<decimal>`` an int unpacked, as
the Java Integer/Long/BigInteger the library's contract gives for that code; ``f:<16 hex digits>``
a float by its exact IEEE 754 double bits; ``?:1``/``?:0`` a bool; ``y:<hex>`` bytes; ``none``;
``s:<percent-encoded>`` a str; ``obj`` a plain ``object()``.

Complex codes (``F D Zf Zd``; CPython 3.14 added ``F``/``D``, 3.15 ``Zf``/``Zd``): no CPython that
has them was available, so their vectors (``complex.tsv``) come from 3.11 through the rule the
library follows: a complex code behaves exactly as two of its float code in the same mode
(``'<Zf'`` as ``'<ff'``, real part first). A complex value is packed as its two parts, any other
value as itself and 0.0; where the float code says ``required argument is not a float`` for a
complex item, the vector says ``required argument is not a complex``. Tokens: ``c:<real bits>:<imag
bits>`` a complex passed in, ``C:<real bits>:<imag bits>`` a Complex unpacked. Bad formats with a
``Z`` not followed by ``f`` or ``d`` are bad in 3.11 for the same reason, so they come straight
from 3.11.

Deliberate differences from CPython 3.11, applied here and documented in issue 2:
* integer range errors are normalised to ``'X' format requires MIN <= number <= MAX`` (3.11 says
  ``byte format requires``, ``argument out of range``, ``int too large to convert`` ...);
* a format whose size does not fit a Java int expects ``total struct size too long``;
* ``0p`` is a field of no bytes: it unpacks as b'' (3.11 raises SystemError) and packs nothing
  (3.11 writes a stray 0xff byte at its offset, even past the struct in pack_into).
"""

import math
import os
import random
import re
import struct
import sys

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                   '..', 'resources', 'io', 'jstruct', 'golden')
SEED = 20240611
JAVA_INT_MAX = 2**31 - 1
PREFIXES = ['', '@', '=', '<', '>', '!']
STANDARD_CODES = 'xcbB?hHiIlLqQefdsp'
NATIVE_CODES = STANDARD_CODES + 'nNP'
INT_CODES = 'bBhHiIlLqQnNP'
RANGE_ERROR = re.compile(r"^(u?byte format requires|u?short format requires|'.' format requires"
                         r"|argument out of range$|int too large to convert$)")


class Obj:
    """Stands for ``obj``: an object of no type the struct module knows."""


OBJ = Obj()
OBJECT = object()


# ------------------------------------------------------------------------------------------------
# Encoding


def pct(s):
    out = []
    for ch in s:
        if '!' <= ch <= '~' and ch != '%':
            out.append(ch)
        else:
            out.extend('%%%02X' % b for b in ch.encode('utf-8', 'surrogatepass'))
    return ''.join(out)


def float_bits(x):
    return struct.pack('>d', x).hex()


def input_token(v):
    if v is None:
        return 'none'
    if isinstance(v, bool):
        return '?:1' if v else '?:0'
    if isinstance(v, int):
        return 'i:%d' % v
    if isinstance(v, float):
        return 'f:' + float_bits(v)
    if isinstance(v, bytes):
        return 'y:' + v.hex()
    if isinstance(v, str):
        return 's:' + pct(v)
    if isinstance(v, complex):
        return 'c:%s:%s' % (float_bits(v.real), float_bits(v.imag))
    if v is OBJ or v is OBJECT:
        return 'obj'
    raise ValueError(repr(v))


def python_value(v):
    """The Python argument a token stands for."""
    return OBJECT if v is OBJ else v


# ------------------------------------------------------------------------------------------------
# The items of a valid format, as the Java library types them


def split_prefix(fmt):
    if fmt and fmt[0] in '@=<>!':
        return fmt[0], fmt[1:]
    return '', fmt


def items(fmt):
    """(prefix, code, count) per value of a valid format, in order; s and p are one value."""
    prefix, body = split_prefix(fmt)
    out = []
    i = 0
    while i < len(body):
        c = body[i]
        i += 1
        if c.isspace():
            continue
        num = None
        if c.isdigit():
            j = i - 1
            while body[i].isdigit():
                i += 1
            num = int(body[j:i])
            c = body[i]
            i += 1
        if c in 'sp':
            out.append((prefix, c, 1 if num is None else num))
        elif c != 'x':
            out.extend([(prefix, c, 1)] * (1 if num is None else num))
    return out


def java_int_tag(prefix, code):
    native = prefix in ('', '@')
    if code in 'bBhHi' or (code == 'l' and not native):
        return 'I'
    if code in 'Iqn' or (code == 'l' and native) or (code == 'L' and not native):
        return 'J'
    return 'N'


def result_tokens(fmt, values):
    tokens = []
    for (prefix, code, _), v in zip(items(fmt), values):
        if code in INT_CODES:
            tokens.append('%s:%d' % (java_int_tag(prefix, code), v))
        elif code in 'efd':
            tokens.append('f:' + float_bits(v))
        elif code == '?':
            tokens.append('?:1' if v else '?:0')
        else:
            tokens.append('y:' + v.hex())
    return tokens


def int_range(prefix, code):
    if code == 'P':
        return -2**63, 2**64 - 1
    bits = 8 * struct.calcsize(prefix + code)
    if code in 'bhilqn':
        return -2**(bits - 1), 2**(bits - 1) - 1
    return 0, 2**bits - 1


def normalised_pack_error(fmt, values, message):
    """The library's message for a pack error: CPython's, except integer range errors."""
    if not RANGE_ERROR.match(message):
        return message
    for (prefix, code, count), v in zip(items(fmt), values):
        single = prefix + (str(count) if code in 'sp' else '') + code
        try:
            struct.pack(single, v)
        except Exception as e:  # the first value that fails is the one CPython reported
            if str(e) != message:
                raise AssertionError('%r %r: %r != %r' % (fmt, values, str(e), message))
            if code not in INT_CODES:
                return message  # e.g. 'int too large to convert' for an int too large for 'e'
            lo, hi = int_range(prefix, code)
            return "'%s' format requires %d <= number <= %d" % (code, lo, hi)
    raise AssertionError('no failing value in %r %r' % (fmt, values))


ZERO_P = re.compile(r'(?<![0-9])0+p')


def zero_p_as_zero_s(fmt):
    """The same layout with every 0p as 0s: what the library does for 0p."""
    return ZERO_P.sub('0s', fmt)


def without_0p_error(call, fmt, *args):
    """call(fmt, *args); where 3.11 fails on 0p with SystemError, the library's b''."""
    try:
        return call(fmt, *args)
    except SystemError:
        return call(zero_p_as_zero_s(fmt), *args)


def too_big(fmt):
    try:
        return struct.calcsize(fmt) > JAVA_INT_MAX
    except Exception:
        return False


# ------------------------------------------------------------------------------------------------
# Running one operation in CPython


class Writer:
    def __init__(self):
        self.files = {}
        self.count = 0

    def line(self, category, op, fmt, args, outcome, result):
        assert '\t' not in result and '\n' not in result, result
        row = '\t'.join([category, op, pct(fmt), ' '.join(args), outcome, result])
        self.files.setdefault(category, []).append(row)
        self.count += 1

    def ok(self, category, op, fmt, args, tokens):
        self.line(category, op, fmt, args, 'ok', ' '.join(tokens))

    def error(self, category, op, fmt, args, exc, message=None):
        self.line(category, op, fmt, args, 'error:' + exc_name(exc),
                  str(exc) if message is None else message)

    def save(self, out):
        os.makedirs(out, exist_ok=True)
        for old in os.listdir(out):
            if old.endswith('.tsv'):
                os.remove(os.path.join(out, old))
        with open(os.path.join(out, 'index.txt'), 'w', encoding='ascii', newline='\n') as f:
            f.write('# file<TAB>vector count, read by GoldenVectorsTest; generated, do not edit\n')
            for category, rows in sorted(self.files.items()):
                f.write('%s.tsv\t%d\n' % (category, len(rows)))
        for category, rows in sorted(self.files.items()):
            with open(os.path.join(out, category + '.tsv'), 'w', encoding='ascii', newline='\n') as f:
                f.write('# generated by struct/src/test/python/generate_golden.py on CPython %s; '
                        'do not edit\n' % sys.version.split()[0])
                for row in rows:
                    f.write(row + '\n')


def exc_name(e):
    return 'struct.error' if isinstance(e, struct.error) else type(e).__name__


W = Writer()


def pack(category, fmt, *values):
    """Records struct.pack(fmt, *values); returns the bytes, or None on error."""
    args = [input_token(v) for v in values]
    py = [python_value(v) for v in values]
    if too_big(fmt):
        W.line(category, 'pack', fmt, args, 'error:struct.error', 'total struct size too long')
        return None
    try:
        packed = struct.pack(fmt, *py)
        packed = struct.pack(zero_p_as_zero_s(fmt), *py)  # 0p writes nothing in the library
    except Exception as e:
        W.error(category, 'pack', fmt, args, e, normalised_pack_error(fmt, py, str(e)))
        return None
    W.ok(category, 'pack', fmt, args, ['y:' + packed.hex()])
    return packed


def pack_into(category, fmt, buffer, offset, *values):
    args = ['y:' + bytes(buffer).hex(), 'i:%d' % offset] + [input_token(v) for v in values]
    py = [python_value(v) for v in values]
    buf = bytearray(buffer)
    try:
        struct.pack_into(fmt, bytearray(buffer), offset, *py)
        struct.pack_into(zero_p_as_zero_s(fmt), buf, offset, *py)  # 0p writes nothing in the library
    except Exception as e:
        # CPython may have half-written buf; the library never does, so the test expects the
        # buffer as it was before the call.
        W.error(category, 'pack_into', fmt, args, e, normalised_pack_error(fmt, py, str(e)))
        return
    W.ok(category, 'pack_into', fmt, args, ['y:' + bytes(buf).hex()])


def unpack(category, fmt, data):
    args = ['none' if data is None else 'y:' + data.hex()]
    try:
        values = without_0p_error(struct.unpack, fmt, data)
    except Exception as e:
        W.error(category, 'unpack', fmt, args, e)
        return None
    W.ok(category, 'unpack', fmt, args, result_tokens(fmt, values))
    return values


def unpack_from(category, fmt, data, offset):
    args = ['y:' + data.hex(), 'i:%d' % offset]
    try:
        values = without_0p_error(struct.unpack_from, fmt, data, offset)
    except Exception as e:
        W.error(category, 'unpack_from', fmt, args, e)
        return
    W.ok(category, 'unpack_from', fmt, args, result_tokens(fmt, values))


def iter_unpack(category, fmt, data):
    args = ['y:' + data.hex()]
    try:
        tuples = list(without_0p_error(lambda f, b: list(struct.iter_unpack(f, b)), fmt, data))
    except Exception as e:
        W.error(category, 'iter_unpack', fmt, args, e)
        return
    tokens = []
    for k, t in enumerate(tuples):
        if k:
            tokens.append('/')
        tokens.extend(result_tokens(fmt, t))
    W.ok(category, 'iter_unpack', fmt, args, tokens)


def calcsize(category, fmt):
    try:
        size = struct.calcsize(fmt)
    except Exception as e:
        W.error(category, 'calcsize', fmt, [], e)
        return
    if size > JAVA_INT_MAX:
        W.line(category, 'calcsize', fmt, [], 'error:struct.error', 'total struct size too long')
    else:
        W.ok(category, 'calcsize', fmt, [], ['i:%d' % size])


def round_trip(category, fmt, *values):
    packed = pack(category, fmt, *values)
    if packed is not None:
        unpack(category, fmt, packed)


# ------------------------------------------------------------------------------------------------
# The vectors


def sample_value(code, rnd):
    if code in INT_CODES:
        return 7 if code in 'BHILQNP' else -7
    if code in 'efd':
        return 1.5
    if code == '?':
        return True
    if code == 'c':
        return b'z'
    return b'ab'


def every_code_every_prefix():
    rnd = random.Random(1)
    for prefix in PREFIXES:
        for code in NATIVE_CODES:
            fmt = prefix + code
            calcsize('codes', fmt)
            calcsize('codes', prefix + '3' + code)
            calcsize('codes', prefix + '0' + code)
            if code == 'x':
                round_trip('codes', fmt)
                round_trip('codes', prefix + '3x')
                continue
            v = sample_value(code, rnd)
            round_trip('codes', fmt, v)
            round_trip('codes', prefix + '3' + code, *([v] * (1 if code in 'sp' else 3)))
            round_trip('codes', prefix + 'b' + code + 'b', 1, v, 2)
            round_trip('codes', prefix + '0' + code + 'b', *([b''] if code in 'sp' else []), 5)
            unpack('codes', fmt, b'\xa5' * 9)
            unpack('codes', fmt, b'')


def integer_ranges():
    for prefix in PREFIXES:
        for code in INT_CODES:
            fmt = prefix + code
            try:
                struct.calcsize(fmt)
            except struct.error:
                pack('ranges', fmt, 0)  # n N P have no standard size
                continue
            if code == 'P':
                lo, hi = -2**63, 2**64 - 1  # PyLong_AsVoidPtr takes signed or unsigned
            else:
                lo, hi = int_range(prefix, code)
            for v in (lo - 1, lo, lo + 1, -1, 0, 1, hi - 1, hi, hi + 1, 2**64, -2**64, 2**200,
                      -2**200):
                round_trip('ranges', fmt, v)
            round_trip('ranges', fmt, True)
            round_trip('ranges', fmt, False)
            round_trip('ranges', prefix + 'b' + code, 1, hi + 1)
            size = struct.calcsize(fmt)
            for data in (b'\xff' * size, b'\x00' * size, b'\x80' + b'\x00' * (size - 1),
                         b'\x00' * (size - 1) + b'\x80', b'\x7f' + b'\xff' * (size - 1),
                         b'\xff' * (size - 1) + b'\x7f'):
                unpack('ranges', fmt, data)


def d(bits):
    return struct.unpack('>d', bytes.fromhex(bits))[0]


def float_edges():
    f_max = struct.unpack('>f', bytes.fromhex('7f7fffff'))[0]
    f_min_sub = struct.unpack('>f', bytes.fromhex('00000001'))[0]
    values = [0.0, -0.0, 1.0, -1.0, 0.1, 1 / 3, math.pi, math.inf, -math.inf, math.nan, -math.nan,
              d('7ff0000000000001'), d('fff0000000000001'), d('7ff4000000000000'),
              d('7ff8000000000001'), d('7fffffffffffffff'), d('fff8000000000000'),
              sys.float_info.max, -sys.float_info.max, sys.float_info.min, 5e-324, -5e-324,
              2.2250738585072009e-308, f_max, -f_max, f_min_sub, f_min_sub / 2, f_min_sub / 2 * 1.0001,
              1.1754942e-38, f_max * (1 + 2**-25), f_max * (1 + 2**-24), f_max * (1 + 2**-24) * 0.99999999,
              3.4028235677973366e38, 3.402823669209385e38, 1e39, -1e39, 1e300, 1e-300,
              65504.0, 65519.99, 65520.0, -65520.0, 65519.999999999996, 65536.0, 6.1e-5, 6.103515625e-05,
              5.960464477539063e-08, 2.9802322387695312e-08, 2.9802322387695313e-08, 2.98e-08,
              1e-8, 0.00006097555160522461, 1.0009765625, 1.00048828125, 1.00146484375,
              1.000488281250001, 2048.0, 2049.0, 2050.0, 2051.0, 4097.0, 16777217.0, 3, -3, 2**53 + 1,
              True, False, 2**1023 * 2, 10**400, -10**400, 2**1024 - 2**970, 2**1024 - 2**971]
    for prefix in PREFIXES:
        for code in 'efd':
            for v in values:
                round_trip('floats', prefix + code, v)
            for v in ('1.0', None, b'x', OBJ):
                pack('floats', prefix + code, v)
    # every half-float bit pattern unpacks; and ties between neighbouring halves round to even
    for bits in range(0, 0x10000, 1):
        if bits % 7 == 0 or (bits & 0x7c00) in (0, 0x7c00) and bits % 3 == 0:
            unpack('floats', '<e', bits.to_bytes(2, 'little'))
    rnd = random.Random(2)
    for _ in range(600):
        h = rnd.randrange(0, 0x7bff)
        lo = struct.unpack('<e', h.to_bytes(2, 'little'))[0]
        hi = struct.unpack('<e', (h + 1).to_bytes(2, 'little'))[0]
        mid = (lo + hi) / 2
        for v in (mid, math.nextafter(mid, 0), math.nextafter(mid, math.inf), -mid):
            pack('floats', rnd.choice(['<e', '>e', 'e']), v)
    for bits in ('7f800001', 'ff800001', '7fc00000', 'ffc00001', '7fbfffff', '00000001',
                 '80000001', '007fffff', '7f7fffff', 'ff800000'):
        unpack('floats', '>f', bytes.fromhex(bits))
        unpack('floats', 'f', bytes.fromhex(bits)[::-1])
    for bits in ('7ff0000000000001', 'fff8000000000001', '0000000000000001', '7fefffffffffffff',
                 '7ff7ffffffffffff', '8000000000000000'):
        unpack('floats', '>d', bytes.fromhex(bits))
        unpack('floats', '<d', bytes.fromhex(bits)[::-1])


def strings():
    payloads = [b'', b'a', b'ab', b'abc', b'\x00\xff', bytes(range(256)) * 2, b'x' * 254, b'x' * 255,
                b'y' * 256, b'z' * 300]
    for prefix in ('', '<', '!'):
        for count in (0, 1, 2, 3, 5, 254, 255, 256, 257, 300):
            for code in 'sp':
                fmt = '%s%d%s' % (prefix, count, code)
                for p in payloads:
                    round_trip('strings', fmt, p)
                for v in ('abc', None, 1, 1.5, OBJ):
                    pack('strings', fmt, v)
                unpack('strings', fmt, bytes([255]) + bytes(i % 256 for i in range(1, count)) if count else b'')
                if count:
                    unpack('strings', fmt, bytes([min(count, 255)]) + b'q' * (count - 1))
                    unpack('strings', fmt, bytes([min(count - 1, 255)]) + b'q' * (count - 1))
    for fmt in ('c', '<c', '3c'):
        for v in (b'', b'a', b'ab', 'a', 97, None):
            pack('strings', fmt, *([v] * (3 if fmt == '3c' else 1)))
    for fmt in ('0p', '<0p', 'i0p', '<B0pxB', '0s', '<B0sxB', '0pi', 'B0p'):
        n = len(items(fmt))
        py = [b'' if c in 'sp' else 3 for _, c, _ in items(fmt)]
        round_trip('strings', fmt, *py)
        pack_into('strings', fmt, bytes(range(1, 17)), 0, *py)
        assert n == len(py)


def alignment():
    formats = ['bi', 'bq', 'bd', 'be', 'bh', 'b0i', 'b0q', 'i0q', 'bhiqd', 'cil', 'c?xL', 'xxi', 'xxxq',
               'llh0l', 'hH0i', 'qb', 'bP', 'bn', 'bN', 'bf', '3bi', '3b0l', 'b3s0i', 'b3p0q', 'i x',
               '=bi', '<bq', '!bd', '>b0i', '<i0q', 'sI', '5s0q', '@bhiqd', '@ c ? h ', 'b0e', 'e0d']
    for fmt in formats:
        calcsize('alignment', fmt)
        values = [sample_value(code, None) for _, code, _ in items(fmt)]
        round_trip('alignment', fmt, *values)
        packed = struct.pack(fmt, *values)
        pack_into('alignment', fmt, b'\xee' * (len(packed) + 3), 1, *values)


def whitespace():
    formats = [' ', '', ' i', 'i ', ' i \t h\n', '<  i', 'i i', '3 i', '\ti\rh\x0bq\x0cb', '< 2 i',
               '<2i 3h', '@ ', ' @i', '< \n', '\x1ci', 'i\x85', 'i\xa0', '2\ti', '\n\n\n']
    for fmt in formats:
        calcsize('whitespace', fmt)
        try:
            values = [sample_value(code, None) for _, code, _ in items(fmt)]
        except Exception:
            values = []
        round_trip('whitespace', fmt, *values)


def offsets():
    rnd = random.Random(3)
    for fmt in ('i', '<h', '!q', '<3s', '@bq', '0i', '', '<2p', 'x'):
        size = struct.calcsize(fmt)
        values = [sample_value(code, None) for _, code, _ in items(fmt)]
        for length in (0, 1, size, size + 1, size + 5, 16):
            buffer = bytes(rnd.randrange(256) for _ in range(length))
            for offset in sorted({-length - 1, -length, -size - 1, -size, -size + 1, -1, 0, 1,
                                  length - size, length - size + 1, length, length + 1,
                                  -2**31, 2**31 - 1}):
                if not -2**31 <= offset <= 2**31 - 1:
                    continue
                pack_into('offsets', fmt, buffer, offset, *values)
                unpack_from('offsets', fmt, buffer, offset)
    pack_into('offsets', '<i', b'\x00' * 8, 0, 2**40)       # bad value: buffer untouched
    pack_into('offsets', '<ii', b'\x11' * 8, 0, 1, 'x')     # bad second value
    pack_into('offsets', '<ii', b'\x11' * 8, 0, 1)          # wrong count
    pack_into('offsets', '<ii', b'\x11' * 8, 0, 1, 2, 3)
    pack_into('offsets', '<ii', b'\x11' * 4, 0, 1)          # count is checked before the size


def counts_and_types():
    weird = [None, 'str', 1.5, math.nan, True, b'', b'x', b'xy', OBJ, 2**70, -1]
    for prefix in ('', '<', '>'):
        for code in 'bBhHiIlLqQefd?csp':
            fmt = prefix + code
            for v in weird:
                pack('types', fmt, v)
            pack('types', fmt)
            pack('types', fmt, sample_value(code, None), sample_value(code, None))
    for fmt in ('', 'x', '2i', '<3h', '0i', '5x'):
        for n in range(0, 4):
            pack('types', fmt, *([1] * n))
    for fmt in ('i', '2h', '0i', '', '3s'):
        unpack('types', fmt, None)
        for n in range(0, 10):
            unpack('types', fmt, b'\x01' * n)


def bad_formats():
    formats = ['z', 'iz', '3', '<3', 'i3', '33', '$', '<n', '>N', '!P', '=n', 'ii\x00', '\x00',
               'é', 'iéi', 'aéé', '\U0001f600', 'i\u20ac', '\u20ac\u20ac\u20acx', '3 i', '<@i', '@@',
               '<<', 'i<', 'I!', '99999999999999999999i', '9223372036854775807x',
               '9223372036854775808x', '99999999999z', '2147483647x', '2147483648x', '1073741824h',
               '536870912i', '536870911i', '4294967296s', '2147483647p', '2147483648p',
               '1000000000000i', '-1i', '+1i', '1.5i', '0x10i', 'I' * 0 + '18446744073709551616c',
               '@2147483647x0q', '2147483640xq', '2147483647?', 'hh' + '9' * 30,
               '00i', '007b', '0', '0 ', '<010s', '0010p', '<40h', '@12q3b', '>33f', '25?']
    for fmt in formats:
        calcsize('bad_formats', fmt)
        try:
            size = struct.calcsize(fmt)
        except Exception:
            pack('bad_formats', fmt, 1)
            unpack('bad_formats', fmt, b'')
            iter_unpack('bad_formats', fmt, b'')
            continue
        if size <= 64:
            values = [sample_value(code, None) for _, code, _ in items(fmt)]
            round_trip('bad_formats', fmt, *values)


def iterating():
    rnd = random.Random(4)
    for fmt in ('i', '<h', '!q', '<3s', '@bq', '0i', '', 'x', '<?', '<p', '>eb', '2x'):
        size = struct.calcsize(fmt)
        for n in (0, 1, 2, 5, size, size * 3, size * 3 + 1, 17):
            iter_unpack('iter', fmt, bytes(rnd.randrange(256) for _ in range(n)))


def random_format(rnd):
    prefix = rnd.choice(PREFIXES)
    codes = NATIVE_CODES if prefix in ('', '@') else STANDARD_CODES
    parts = []
    for _ in range(rnd.randrange(1, 7)):
        code = rnd.choice(codes)
        r = rnd.random()
        if r < 0.55:
            count = ''
        elif code in 'sp' and r < 0.7:
            count = str(rnd.choice([0, 1, 2, 3, 8, 16, 255, 256, 300]))
        else:
            count = str(rnd.randrange(0, 5))
        space = rnd.choice(['', '', '', ' ', '\t', '\n '])
        parts.append(space + count + code)
    return prefix + ''.join(parts)


def random_value(prefix, code, count, rnd):
    if code in INT_CODES:
        lo, hi = int_range(prefix, code)
        r = rnd.random()
        if r < 0.1:
            return rnd.choice([lo, hi, 0, -1, 1, True, False])
        if r < 0.15:
            return rnd.choice([lo - 1, hi + 1])
        if r < 0.6:
            bits = rnd.randrange(1, 9 * struct.calcsize(prefix + code))
            v = rnd.getrandbits(bits)
            return max(lo, min(hi, v if lo == 0 or rnd.random() < 0.5 else -v))
        return rnd.randint(lo, hi)
    if code in 'efd':
        r = rnd.random()
        if r < 0.3:
            return struct.unpack('<d', rnd.getrandbits(64).to_bytes(8, 'little'))[0]
        if r < 0.5:
            return struct.unpack('<f', rnd.getrandbits(32).to_bytes(4, 'little'))[0]
        if r < 0.7:
            return struct.unpack('<e', rnd.getrandbits(16).to_bytes(2, 'little'))[0]
        if r < 0.8:
            return rnd.choice([math.inf, -math.inf, math.nan, -0.0, 0.0, 65520.0, 1e39, 7, True])
        return rnd.uniform(-70000, 70000)
    if code == '?':
        return rnd.choice([True, False, 0, 1, 2, -1, 0.0, 0.5, math.nan, b'', b'x', '', 's', None,
                           OBJ, 2**80])
    if code == 'c':
        return bytes([rnd.randrange(256)])
    n = rnd.choice([0, count, max(0, count - 1), count + 1, rnd.randrange(0, count + 3)])
    return bytes(rnd.randrange(256) for _ in range(n))


def random_round_trips():
    rnd = random.Random(SEED)
    for i in range(3000):
        fmt = random_format(rnd)
        try:
            size = struct.calcsize(fmt)
        except struct.error:
            calcsize('random', fmt)
            continue
        its = items(fmt)
        values = [random_value(p, c, n, rnd) for p, c, n in its]
        round_trip('random', fmt, *values)
        if i % 3 == 0:
            unpack('random', fmt, bytes(rnd.randrange(256) for _ in range(size)))
        if i % 5 == 0:
            length = size + rnd.randrange(0, 6)
            offset = rnd.randrange(-length - 2, length + 3)
            pack_into('random', fmt, bytes(rnd.randrange(256) for _ in range(length)), offset, *values)
            unpack_from('random', fmt, bytes(rnd.randrange(256) for _ in range(length)), offset)
        if i % 7 == 0 and size:
            iter_unpack('random', fmt, bytes(rnd.randrange(256) for _ in range(size * rnd.randrange(0, 4))))


COMPLEX = re.compile(r'(\d*)(Zf|Zd|F|D)')
C_ITEM = re.compile(r'\s*(\d*)(Zf|Zd|[A-Za-z?])')


def as_floats(fmt):
    """The equivalent format: each complex code as two of its float code ('<2Zd' as '<4d')."""
    return COMPLEX.sub(lambda m: '%d%s' % (2 * int(m.group(1) or 1), 'f' if m.group(2) in ('F', 'Zf') else 'd'), fmt)


def c_items(fmt):
    """(prefix, code) per value of a format of complex and one-value codes (no s, p)."""
    prefix, body = split_prefix(fmt)
    out = []
    for count, code in C_ITEM.findall(body):
        if code != 'x':
            out.extend([(prefix, code)] * (1 if count == '' else int(count)))
    return out


def is_complex(code):
    return code in ('F', 'D', 'Zf', 'Zd')


def c_flat(fmt, values):
    """The float format's values: a complex item's value as its two parts."""
    out = []
    for (_, code), v in zip(c_items(fmt), values):
        if not is_complex(code):
            out.append(python_value(v))
        elif isinstance(v, complex):
            out.extend([v.real, v.imag])
        else:
            out.extend([python_value(v), 0.0])
    return out


def c_tokens(fmt, flat):
    tokens = []
    i = 0
    for prefix, code in c_items(fmt):
        if is_complex(code):
            tokens.append('C:%s:%s' % (float_bits(flat[i]), float_bits(flat[i + 1])))
            i += 2
        else:
            tokens.extend(result_tokens(prefix + code, [flat[i]]))
            i += 1
    return tokens


def c_pack_error(fmt, values, message):
    """The library's message: the float code's, naming a complex where a complex was expected."""
    ffmt = as_floats(fmt)
    message = normalised_pack_error(ffmt, c_flat(fmt, values), message)
    for (prefix, code), v in zip(c_items(fmt), values):
        try:
            struct.pack(as_floats(prefix + code), *c_flat(prefix + code, [v]))
        except Exception:
            if is_complex(code) and message == 'required argument is not a float' and not (
                    isinstance(v, (int, float, complex))):
                return 'required argument is not a complex'
            return message
    return message


def c_pack(fmt, *values):
    args = [input_token(v) for v in values]
    try:
        packed = struct.pack(as_floats(fmt), *c_flat(fmt, values))
    except Exception as e:
        W.error('complex', 'pack', fmt, args, e, c_pack_error(fmt, values, str(e)))
        return None
    W.ok('complex', 'pack', fmt, args, ['y:' + packed.hex()])
    return packed


def c_pack_into(fmt, buffer, offset, *values):
    args = ['y:' + bytes(buffer).hex(), 'i:%d' % offset] + [input_token(v) for v in values]
    buf = bytearray(buffer)
    try:
        struct.pack_into(as_floats(fmt), bytearray(buffer), offset, *c_flat(fmt, values))
        struct.pack_into(as_floats(fmt), buf, offset, *c_flat(fmt, values))
    except Exception as e:
        W.error('complex', 'pack_into', fmt, args, e, c_pack_error(fmt, values, str(e)))
        return
    W.ok('complex', 'pack_into', fmt, args, ['y:' + bytes(buf).hex()])


def c_unpack(op, fmt, data, *offset):
    args = ['y:' + data.hex()] + ['i:%d' % o for o in offset]
    try:
        if op == 'iter_unpack':
            tuples = list(struct.iter_unpack(as_floats(fmt), data))
        else:
            tuples = [getattr(struct, op)(as_floats(fmt), data, *offset)]
    except Exception as e:
        W.error('complex', op, fmt, args, e)
        return
    tokens = []
    for k, t in enumerate(tuples):
        tokens.extend((['/'] if k else []) + c_tokens(fmt, t))
    W.ok('complex', op, fmt, args, tokens)


def c_calcsize(fmt):
    W.ok('complex', 'calcsize', fmt, [], ['i:%d' % struct.calcsize(as_floats(fmt))])


def complex_codes():
    rnd = random.Random(14)
    inf, nan = math.inf, math.nan
    values = [complex(1.5, -2.25), complex(0, 0), complex(-0.0, -0.0), complex(inf, nan),
              complex(nan, -inf), complex(1e300, 1), complex(1, -1e300), complex(3.4028235e38, 1e-46),
              complex(65520.0, 1.0000001), 7, -3.5, True, False, 2**200, -2**70, 1e39, None, 's', b'x',
              OBJ]
    for prefix in PREFIXES:
        for code in ('F', 'D', 'Zf', 'Zd'):
            fmt = prefix + code
            c_calcsize(fmt)
            for v in values:
                packed = c_pack(fmt, v)
                if packed is not None:
                    c_unpack('unpack', fmt, packed)
            size = struct.calcsize(as_floats(fmt))
            for _ in range(6):
                c_unpack('unpack', fmt, bytes(rnd.randrange(256) for _ in range(size)))
            c_unpack('unpack', fmt, b'\xff' * size)
            c_unpack('unpack', fmt, b'\x00' * (size - 1))
    mixed = ['<3Zd', '@bZf', '@bD', '@?F', '<iZfh', '>2F', '@0Di', '@b0Zf', ' Zd', '<x Zf', '!hZdq',
             '=Zf2Zd', '@qZfb', '>?D?', '@2F3Zd']
    for fmt in mixed:
        c_calcsize(fmt)
        its = c_items(fmt)
        for _ in range(4):
            vals = [rnd.choice(values[:15]) if is_complex(code) else
                    random_value(prefix, code, 1, rnd) for prefix, code in its]
            packed = c_pack(fmt, *vals)
            if packed is not None:
                c_unpack('unpack', fmt, packed)
            size = struct.calcsize(as_floats(fmt))
            length = size + rnd.randrange(0, 6)
            offset = rnd.randrange(-length - 2, length + 3)
            c_pack_into(fmt, bytes(rnd.randrange(256) for _ in range(length)), offset, *vals)
            c_unpack('unpack_from', fmt, bytes(rnd.randrange(256) for _ in range(length)), offset)
            c_unpack('iter_unpack', fmt, bytes(rnd.randrange(256) for _ in range(size * rnd.randrange(0, 4))))
        bad = [rnd.choice(values[16:]) if is_complex(code) else
               random_value(prefix, code, 1, rnd) for prefix, code in its]
        c_pack(fmt, *bad)
    for fmt in ('Z', 'Zx', 'Z d', 'Z3f', '<Z', '3Z', 'Zi', 'iZ', 'ZZf', '@Z', '!bZ', 'Z\tf', 'z'):
        calcsize('complex', fmt)
        pack('complex', fmt, 1)
        unpack('complex', fmt, b'')


def main():
    args = [a for a in sys.argv[1:] if a != '--other-version']
    out = args[0] if args else OUT  # another directory: to compare, not to commit
    assert sys.version_info[:2] == (3, 11) or '--other-version' in sys.argv, 'the oracle is CPython 3.11'
    assert struct.calcsize('@l') == 8 and sys.byteorder == 'little', 'vectors assume LP64 little-endian'
    every_code_every_prefix()
    integer_ranges()
    float_edges()
    strings()
    alignment()
    whitespace()
    offsets()
    counts_and_types()
    bad_formats()
    iterating()
    random_round_trips()
    complex_codes()
    W.save(out)
    print('%d vectors in %d files under %s' % (W.count, len(W.files), os.path.normpath(out)))


if __name__ == '__main__':
    main()
