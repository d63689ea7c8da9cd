#!/usr/bin/env python3
"""Disassembles the hex that JDK 17's abstract disassembler prints (perfasm/PrintAssembly without a
working hsdis): python3 dis.py FILE [START_MARKER] -> objdump listing with percentages."""
import re, subprocess, sys, tempfile
text = open(sys.argv[1]).read()
if len(sys.argv) > 2:
    text = text[text.index(sys.argv[2]):]
end = text.find("<total for region 1>")
region = text[:end] if end > 0 else text
pat = re.compile(r"^\s*(\d+\.\d+%)?\s*0x([0-9a-f]+): ((?:[0-9a-f]{2,4} ?\|? ?)+)\s*$")
chunks = []
pct = {}
for line in region.splitlines():
    m = pat.match(line)
    if not m:
        continue
    addr = int(m.group(2), 16)
    hexs = m.group(3).replace("|", "").replace(" ", "")
    chunks.append((addr, bytes.fromhex(hexs)))
    if m.group(1):
        pct[addr] = m.group(1)
chunks.sort()
base = chunks[0][0]
blob = bytearray()
for addr, b in chunks:
    off = addr - base
    if off > len(blob):
        blob += b"\x90" * (off - len(blob))
    blob[off:off + len(b)] = b
with tempfile.NamedTemporaryFile(suffix=".bin") as f:
    f.write(blob); f.flush()
    out = subprocess.run(["objdump", "-D", "-b", "binary", "-m", "i386:x86-64", "-M", "intel",
                          "--adjust-vma=%#x" % base, f.name], capture_output=True, text=True).stdout
for line in out.splitlines():
    m = re.match(r"\s*([0-9a-f]+):", line)
    p = ""
    if m:
        a = int(m.group(1), 16)
        p = pct.get(a, "")
    print("%7s %s" % (p, line))
