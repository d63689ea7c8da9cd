#!/usr/bin/env python3
"""Writes the vectors that RecordVectorsTest checks StructRecord and Struct.repr against.

CPython 3.11 is the oracle: every expected text below is what this interpreter's ``repr``,
``struct``, ``collections.namedtuple``, ``dataclasses`` and ``wave`` produced, never typed in by
hand. Deterministic (random seed 0), so re-running it rewrites the same files:

    python3 struct/src/test/python/generate_records.py [output directory]

RecordVectorsTest also runs it into a temporary directory, when python3 is 3.11, and fails if the
committed files are not what it writes.

Files (in ``struct/src/test/resources/io/jstruct/records/``), tab-separated, one vector a line:

* ``repr.tsv``: ``format  hex  repr(struct.unpack(format, bytes))``, for Struct.repr.
* ``records.tsv``: ``record  format  hex  repr(dataclass)``: the dataclass is the Java record's
  twin (same name, same components); ``s``/``p`` fields bound to ``str`` are decoded in US-ASCII
  with trailing NULs stripped, as StructRecord decodes them; the bytes are
  ``struct.pack(format, *values)`` of the dataclass's values.
* ``complex.tsv``: ``hex of <dd (real, imag)  repr(complex(real, imag))``: Python's complex repr,
  for the complex values of the 3.14 codes (which 3.11's struct cannot unpack itself).
* ``tone.wav``: a WAV file written by ``wave`` (mono, 16-bit, 8000 Hz, 200 frames), and
  ``wav.tsv``: ``format  hex of the 44-byte header  repr(WavHeader)``.
"""

import collections
import dataclasses
import io
import math
import os
import random
import struct
import sys
import wave

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), '..', 'resources', 'io', 'jstruct', 'records')


def repr_vectors():
    rows = []

    def add(fmt, data):
        rows.append((fmt, data.hex(), repr(struct.unpack(fmt, data))))

    # The Python docs' namedtuple example.
    add('<10sHHb', b'raymond   \x32\x12\x08\x01\x08')
    add('256s', bytes(range(256)))
    for text in [b"'", b'"', b'\'"', b"it's", b'say "hi"', b'back\\slash', b'']:
        add('%ds' % len(text), text)
    add('5p', b'\x03a\x00\'z')
    add('i', struct.pack('i', 7))
    add('?', b'\x01')
    add('?', b'\x00')
    add('c', b'\n')
    add('c', b"'")
    add('', b'')
    add('<qQ', struct.pack('<qQ', -2**63, 2**64 - 1))
    specials = [0.0, -0.0, 1.0, -1.5, 0.1, 1 / 3, 2 / 3, 1e16, 1e15, 9999999999999998.0, 1e-4,
                1e-5, 0.00012345, 1.5e-5, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
                123456789.0, 1e22, 1e23, 1e100, 2.0 ** 53, 2.0 ** 63, 100.0, 1234.5678, 3.14159,
                float('inf'), float('-inf'), float('nan')]
    for x in specials:
        add('<d', struct.pack('<d', x))
    random.seed(0)
    for _ in range(300):
        bits = random.getrandbits(64)
        data = bits.to_bytes(8, 'little')
        if math.isnan(struct.unpack('<d', data)[0]):
            continue
        add('<d', data)
    for _ in range(100):
        add('<f', struct.pack('<f', random.uniform(-1e6, 1e6)))
        add('<e', struct.pack('<e', random.uniform(-1000, 1000)))
    for _ in range(50):  # decimal-looking doubles, where shortest digits matter most
        add('<d', struct.pack('<d', round(random.uniform(-1e4, 1e4), random.randint(0, 6))))
    return rows


@dataclasses.dataclass
class Student:
    name: str
    serialnum: int
    school: int
    gradelevel: int


@dataclasses.dataclass
class Header:
    kind: int
    length: int
    id: int


@dataclasses.dataclass
class Native:
    b: int
    h: int
    i: int
    q: int
    d: float


@dataclasses.dataclass
class Packet:
    magic: bytes
    flags: int
    serial: int
    urgent: bool
    weight: float
    ratio: float
    tag: bytes
    label: str


# name -> (dataclass, format, value generator); the Java records in RecordVectorsTest match these.
RECORDS = {
    'Header': (Header, '!HIq', lambda r: Header(r.randrange(2**16), r.randrange(2**32),
                                                r.randrange(-2**63, 2**63))),
    'Native': (Native, '@bhiqd', lambda r: Native(r.randrange(-128, 128), r.randrange(-2**15, 2**15),
                                                  r.randrange(-2**31, 2**31),
                                                  r.randrange(-2**63, 2**63), r.uniform(-1e9, 1e9))),
    'Packet': (Packet, '>4sIQ?xxe f c10p', lambda r: Packet(
        bytes(r.randrange(256) for _ in range(4)), r.randrange(2**32), r.randrange(2**64),
        r.random() < 0.5, struct.unpack('e', struct.pack('e', r.uniform(-100, 100)))[0],
        struct.unpack('f', struct.pack('f', r.uniform(-1e6, 1e6)))[0],
        bytes([r.randrange(256)]),
        ''.join(chr(r.randrange(32, 127)) for _ in range(r.randrange(10))))),
}


def to_struct(value):
    return tuple(v.encode('ascii') if isinstance(v, str) else v
                 for v in dataclasses.astuple(value))


def from_struct(cls, values):
    return cls(*[v.rstrip(b'\0').decode('ascii') if f.type is str else v
                 for f, v in zip(dataclasses.fields(cls), values)])


def record_vectors():
    rows = []
    # The docs' example, through a namedtuple as the docs write it, then as the dataclass twin.
    StudentTuple = collections.namedtuple('Student', 'name serialnum school gradelevel')
    record = b'raymond   \x32\x12\x08\x01\x08'
    docs = StudentTuple._make(struct.unpack('<10sHHb', record))
    assert repr(docs) == "Student(name=b'raymond   ', serialnum=4658, school=264, gradelevel=8)"
    rows.append(('StudentBytes', '<10sHHb', record.hex(), repr(docs)))
    rows.append(('Student', '<10sHHb', record.hex(),
                 repr(from_struct(Student, struct.unpack('<10sHHb', record)))))
    r = random.Random(0)
    for name, (cls, fmt, make) in RECORDS.items():
        for _ in range(25):
            value = make(r)
            data = struct.pack(fmt, *to_struct(value))
            back = from_struct(cls, struct.unpack(fmt, data))
            assert back == value, (back, value)
            rows.append((name, fmt, data.hex(), repr(back)))
    return rows


@dataclasses.dataclass
class WavHeader:
    riff: str
    size: int
    wave: str
    fmt: str
    fmt_size: int
    audio_format: int
    channels: int
    sample_rate: int
    byte_rate: int
    block_align: int
    bits_per_sample: int
    data: str
    data_size: int


WAV_FORMAT = '<4sI4s4sIHHIIHH4sI'


def wav():
    out = io.BytesIO()
    with wave.open(out, 'wb') as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b''.join(struct.pack('<h', int(10000 * math.sin(2 * math.pi * 440 * k / 8000)))
                               for k in range(200)))
    data = out.getvalue()
    header = data[:struct.calcsize(WAV_FORMAT)]
    value = from_struct(WavHeader, struct.unpack(WAV_FORMAT, header))
    return data, [(WAV_FORMAT, header.hex(), repr(value))]


def complex_vectors():
    rows = []
    parts = [0.0, -0.0, 1.0, -2.0, 1.5, 0.1, 100.0, 1e16, 1e-05, float('inf'), float('-inf'),
             float('nan')]
    for re in parts:
        for im in parts:
            rows.append((struct.pack('<dd', re, im).hex(), repr(complex(re, im))))
    r = random.Random(0)
    for _ in range(50):
        re, im = struct.unpack('<dd', r.getrandbits(128).to_bytes(16, 'little'))
        if not (math.isnan(re) or math.isnan(im)):
            rows.append((struct.pack('<dd', re, im).hex(), repr(complex(re, im))))
    return rows


def write(name, rows):
    with open(os.path.join(OUT, name), 'w', encoding='utf-8', newline='\n') as f:
        for row in rows:
            assert all('\t' not in c and '\n' not in c for c in row), row
            f.write('\t'.join(row) + '\n')


def main():
    os.makedirs(OUT, exist_ok=True)
    write('repr.tsv', repr_vectors())
    write('records.tsv', record_vectors())
    write('complex.tsv', complex_vectors())
    data, rows = wav()
    with open(os.path.join(OUT, 'tone.wav'), 'wb') as f:
        f.write(data)
    write('wav.tsv', rows)


if __name__ == '__main__':
    main()
