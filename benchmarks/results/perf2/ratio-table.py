import json, statistics, sys
def load(path):
    out = {}
    for r in json.load(open(path)):
        name = r["benchmark"].rsplit(".", 1)[1]
        raw = [x for fork in r["primaryMetric"]["rawData"] for x in fork]
        out[name] = raw
    return out
runs = {t: load(t + ".json") for t in sys.argv[1:]}
pairs = []
names = sorted(next(iter(runs.values())))
for n in names:
    for a, b in (("jstruct", "hand"), ("moduleLevel", "compiled")):
        if n.endswith("_" + a):
            pairs.append((n[: -len(a) - 1], a, b))
print("%-22s %-20s" % ("pair", "") + "".join("%22s" % t for t in runs))
for stem, a, b in pairs:
    cells = []
    for t, d in runs.items():
        A, B = d.get(stem + "_" + a), d.get(stem + "_" + b)
        if A and B:
            cells.append("%5.2f min %5.2f med" % (min(A) / min(B), statistics.median(A) / statistics.median(B)))
        else:
            cells.append("-")
    print("%-22s %-20s" % (stem, a + "/" + b) + "".join("%22s" % c for c in cells))
