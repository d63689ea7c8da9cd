#!/usr/bin/env python3
"""The Python side of jstruct-framing's interop tests, using only struct and json.

    framing_interop.py write DIR    write DIR/manifest.json and one DIR/<layout>.bin per layout:
                                    frames built here with struct.pack (and json.dumps for
                                    header dicts), as the tutorial's programs build them
                                    and DIR/header-utf8.json: header-dict headers in strict
                                    and broken UTF-8, each with Python's verdict
    framing_interop.py verify DIR   parse every DIR/java-<layout>.bin (written by Java from the
                                    manifest) with struct.unpack / json.loads, check each frame
                                    against the manifest and the bytes against DIR/<layout>.bin
    framing_interop.py client PORT  a peer with only socket, struct and json: send every layout's
                                    frames, then the header dicts, to 127.0.0.1:PORT in random
                                    pieces, read the echo back frame by frame with recv, check it

The committed fixtures in src/test/resources/interop/ are `write`'s output, so Java checks
them even where python3 is absent. Everything is deterministic: the same run writes the same bytes.
"""
import json
import os
import random
import socket
import struct
import sys


def crc32c(data):
    """CRC-32C (Castagnoli), reflected polynomial 0x82F63B78, as java.util.zip.CRC32C."""
    table = crc32c.table
    crc = 0xFFFFFFFF
    for b in data:
        crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def _table():
    out = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        out.append(c)
    return out


crc32c.table = _table()

# name, header format, length item, length includes header, adjustment, checksum item (-1: none),
# value generator for the other items
LAYOUTS = [
    ("native-i", "i", 0, False, 0, -1, lambda r: []),
    ("net-I", "!I", 0, False, 0, -1, lambda r: []),
    ("le-H", "<H", 0, False, 0, -1, lambda r: []),
    ("net-Q", "!Q", 0, False, 0, -1, lambda r: []),
    ("net-BBI", "!BBI", 2, False, 0, -1, lambda r: [r.randrange(256), r.randrange(256)]),
    ("net-I-incl", "!I", 0, True, 0, -1, lambda r: []),
    ("le-H-adj", "<H", 0, False, -3, -1, lambda r: []),
    ("le-qh-signed", "<qh", 1, False, 0, -1, lambda r: [r.randrange(-2**63, 2**63)]),
    ("native-Bi-padded", "@Bi", 1, False, 0, -1, lambda r: [r.randrange(256)]),
    ("net-II-crc", "!II", 0, False, 0, 1, lambda r: []),
    ("le-HQB-crc", "<HQB", 0, False, 0, 1, lambda r: [r.randrange(256)]),
]

SIZES = [0, 1, 5, 300, 0, 4097]

HEADER_DICTS = [
    {"filename": "a.txt", "md5": "5eb63bbbe01eeed093cb22bb8f5acdc3"},
    {},
    {"filename": "caf\u00e9 \U0001F600.txt", "tags": ["x", 1, True, None], "nested": {"k": -7}},
    {"note": "quote \" backslash \\ newline \n tab \t", "ratio": 1.5, "big": 12345678901234567890},
    {"control": "\x00\x1f\x7f\x80\u2028 </script>", "empty": "", "neg": -1},
]

# Raw JSON headers, judged the tutorial's way: json.loads(header_bytes.decode('utf-8')).
_VALID = b'{"a": "xx", "total_size": 0}'
HEADER_BYTES = [
    ("ascii", _VALID),
    ("two-byte e9", '{"a": "caf\u00e9", "total_size": 0}'.encode("utf-8")),
    ("four-byte emoji", '{"a": "\U0001F600", "total_size": 0}'.encode("utf-8")),
    ("noncharacter ef bf bf", b'{"a": "\xef\xbf\xbf", "total_size": 0}'),
    ("bom inside a string", b'{"a": "\xef\xbb\xbf", "total_size": 0}'),
    ("escaped lone surrogate", b'{"a": "\\ud800", "total_size": 0}'),
    ("overlong c0 af", b'{"a": "\xc0\xaf", "total_size": 0}'),
    ("overlong c0 80", b'{"a": "\xc0\x80", "total_size": 0}'),
    ("overlong e0 80 af", b'{"a": "\xe0\x80\xaf", "total_size": 0}'),
    ("overlong f0 80 80 af", b'{"a": "\xf0\x80\x80\xaf", "total_size": 0}'),
    ("cesu-8 ed a0 80", b'{"a": "\xed\xa0\x80", "total_size": 0}'),
    ("cesu-8 pair", b'{"a": "\xed\xa0\xbd\xed\xb8\x80", "total_size": 0}'),
    ("over 10ffff f4 90", b'{"a": "\xf4\x90\x80\x80", "total_size": 0}'),
    ("five-byte f8", b'{"a": "\xf8\x88\x80\x80\x80", "total_size": 0}'),
    ("lone continuation 80", b'{"a": "\x80", "total_size": 0}'),
    ("byte ff", b'{"a": "\xff", "total_size": 0}'),
    ("cut e2 82", b'{"a": "\xe2\x82", "total_size": 0}'),
    ("cut at the end e2", b'{"total_size": 0}\xe2'),
    ("utf-8 bom", b"\xef\xbb\xbf" + b'{"total_size": 0}'),
    ("space then bom", b" \xef\xbb\xbf" + b'{"total_size": 0}'),
    ("utf-16 bom", '{"total_size": 0}'.encode("utf-16")),
    ("utf-16-le", '{"total_size": 0}'.encode("utf-16-le")),
    ("utf-16-be", '{"total_size": 0}'.encode("utf-16-be")),
    ("utf-32 bom", '{"total_size": 0}'.encode("utf-32")),
    ("utf-32-le", '{"total_size": 0}'.encode("utf-32-le")),
    ("utf-32-be", '{"total_size": 0}'.encode("utf-32-be")),
    ("raw nul in a string", b'{"a": "\x00", "total_size": 0}'),
]


def python_verdict(header_bytes):
    """None if the tutorial's Python reads the header, else its error."""
    try:
        header = json.loads(header_bytes.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        return "%s: %s" % (type(e).__name__, e)
    return None if isinstance(header, dict) else "not a dict"


def declared_length(layout, payload_len):
    name, fmt, length_item, includes, adjustment, crc_item, _ = layout
    return payload_len - adjustment + (struct.calcsize(fmt) if includes else 0)


def frame_bytes(layout, payload, values):
    name, fmt, length_item, includes, adjustment, crc_item, _ = layout
    items = []
    v = iter(values)
    count = len(struct.unpack(fmt, bytes(struct.calcsize(fmt))))
    for i in range(count):
        if i == length_item:
            items.append(declared_length(layout, len(payload)))
        elif i == crc_item:
            items.append(crc32c(payload))
        else:
            items.append(next(v))
    return struct.pack(fmt, *items) + payload


def header_dict_frame(header, payload):
    # The tutorial's fix, verbatim in spirit: header dict -> json -> bytes -> struct.pack('i', len)
    header = dict(header, total_size=len(payload))
    header_bytes = json.dumps(header).encode("utf-8")
    return struct.pack("i", len(header_bytes)) + header_bytes + payload


def build():
    """The manifest and each layout's bytes."""
    rng = random.Random(2024)
    manifest = {
        "byteorder": sys.byteorder,
        "native_i_size": struct.calcsize("i"),
        "layouts": [],
        "header_dicts": [],
    }
    files = {}
    for layout in LAYOUTS:
        name, fmt, length_item, includes, adjustment, crc_item, gen = layout
        frames, wire = [], b""
        for size in SIZES:
            payload = bytes(rng.randrange(256) for _ in range(size))
            values = gen(rng)
            wire += frame_bytes(layout, payload, values)
            frames.append({"values": values, "payload": payload.hex()})
        manifest["layouts"].append({
            "name": name, "format": fmt, "length_item": length_item,
            "length_includes_header": includes, "length_adjustment": adjustment,
            "checksum_item": crc_item, "frames": frames})
        files[name] = wire
    wire = b""
    for i, header in enumerate(HEADER_DICTS):
        payload = bytes(rng.randrange(256) for _ in range(SIZES[i % len(SIZES)] + i))
        wire += header_dict_frame(header, payload)
        manifest["header_dicts"].append({"header": header, "payload": payload.hex()})
    files["header-dict"] = wire
    return manifest, files


def utf8_cases():
    return [{"name": name, "hex": raw.hex(), "python_error": python_verdict(raw)}
            for name, raw in HEADER_BYTES]


def write(directory):
    manifest, files = build()
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=1, ensure_ascii=True)
        f.write("\n")
    for name, wire in files.items():
        with open(os.path.join(directory, name + ".bin"), "wb") as f:
            f.write(wire)
    with open(os.path.join(directory, "header-utf8.json"), "w", encoding="utf-8") as f:
        json.dump(utf8_cases(), f, indent=1, ensure_ascii=True)
        f.write("\n")


def parse_frames(layout, data):
    """Reads frames with struct alone, as a Python peer would."""
    name, fmt, length_item, includes, adjustment, crc_item, _ = layout
    size = struct.calcsize(fmt)
    pos, frames = 0, []
    while pos < len(data):
        header = struct.unpack_from(fmt, data, pos)
        pos += size
        n = header[length_item] + adjustment - (size if includes else 0)
        payload = data[pos:pos + n]
        if len(payload) != n:
            raise ValueError("%s: truncated frame" % name)
        pos += n
        if crc_item >= 0 and header[crc_item] != crc32c(payload):
            raise ValueError("%s: bad CRC32C" % name)
        values = [v for i, v in enumerate(header) if i not in (length_item, crc_item)]
        frames.append({"values": values, "payload": payload.hex()})
    return frames


def parse_header_dicts(data):
    pos, frames = 0, []
    while pos < len(data):
        (n,) = struct.unpack_from("i", data, pos)
        pos += 4
        header = json.loads(data[pos:pos + n].decode("utf-8"))
        pos += n
        size = header.pop("total_size")
        frames.append({"header": header, "payload": data[pos:pos + size].hex()})
        pos += size
    return frames


def verify(directory):
    manifest, files = build()
    failures = 0
    for layout in LAYOUTS:
        name = layout[0]
        with open(os.path.join(directory, "java-" + name + ".bin"), "rb") as f:
            data = f.read()
        expected = next(l for l in manifest["layouts"] if l["name"] == name)["frames"]
        if parse_frames(layout, data) != expected:
            print("FAIL %s: frames differ" % name)
            failures += 1
        elif data != files[name]:
            print("FAIL %s: bytes differ" % name)
            failures += 1
        else:
            print("ok %s" % name)
    with open(os.path.join(directory, "java-header-dict.bin"), "rb") as f:
        data = f.read()
    if parse_header_dicts(data) != manifest["header_dicts"]:
        print("FAIL header-dict: frames differ")
        failures += 1
    elif data != files["header-dict"]:
        print("FAIL header-dict: bytes differ")
        failures += 1
    else:
        print("ok header-dict")
    return failures


def recv_exactly(conn, n):
    """The tutorial's loop: recv until n bytes have come, however TCP split them."""
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise EOFError("expected %d bytes, got %d" % (n, len(data)))
        data += chunk
    return data


def client(port):
    manifest, files = build()
    rng = random.Random(7)
    order = [layout[0] for layout in LAYOUTS] + ["header-dict"]
    conn = socket.create_connection(("127.0.0.1", port), timeout=60)
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    wire = b"".join(files[name] for name in order)
    pos = 0
    while pos < len(wire):  # random pieces: split headers, glued frames
        n = rng.choice([1, 2, 3, 7, 100, 5000])
        conn.sendall(wire[pos:pos + n])
        pos += n
    conn.shutdown(socket.SHUT_WR)
    failures = 0
    for layout in LAYOUTS:
        name, fmt, length_item, includes, adjustment, crc_item, _ = layout
        expected = next(l for l in manifest["layouts"] if l["name"] == name)["frames"]
        echoed = b""
        for _ in expected:  # read each frame the way the tutorial does: header, then payload
            header = recv_exactly(conn, struct.calcsize(fmt))
            n = struct.unpack(fmt, header)[length_item] + adjustment
            n -= len(header) if includes else 0
            echoed += header + recv_exactly(conn, n)
        ok = echoed == files[name] and parse_frames(layout, echoed) == expected
        print(("ok " if ok else "FAIL ") + name)
        failures += not ok
    echoed, frames = b"", []
    for _ in manifest["header_dicts"]:
        (n,) = struct.unpack("i", recv_exactly(conn, 4))
        header_bytes = recv_exactly(conn, n)
        header = json.loads(header_bytes.decode("utf-8"))
        payload = recv_exactly(conn, header["total_size"])
        echoed += struct.pack("i", n) + header_bytes + payload
    ok = echoed == files["header-dict"]
    print(("ok " if ok else "FAIL ") + "header-dict")
    failures += not ok
    if conn.recv(1) != b"":
        print("FAIL: bytes after the last frame")
        failures += 1
    conn.close()
    return failures


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("write", "verify", "client"):
        sys.exit(__doc__)
    if sys.argv[1] == "write":
        write(sys.argv[2])
    elif sys.argv[1] == "verify":
        sys.exit(1 if verify(sys.argv[2]) else 0)
    else:
        sys.exit(1 if client(int(sys.argv[2])) else 0)
