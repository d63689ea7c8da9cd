#!/usr/bin/env python3
"""Ratios of paired JMH results: jstruct time / hand-written time, from one run's CSV or JSON.

    java -jar benchmarks/target/benchmarks.jar StructBenchmark -rf json -rff struct.json
    python3 benchmarks/ratios.py struct.json

Pairs are benchmarks named <op>_<format>_<side>; the first side listed in PAIRS is divided by
the second. Also prints gc.alloc.rate.norm (bytes per operation) when run with -prof gc.
"""
import json
import sys

PAIRS = [("jstruct", "hand"), ("moduleLevel", "compiled"), ("jstruct", "netty"), ("framed", "raw")]


def main(path):
    results = json.load(open(path))
    by_name = {}
    for r in results:
        name = r["benchmark"].rsplit(".", 1)[1]
        params = r.get("params") or {}
        key = name + "".join("[%s=%s]" % kv for kv in sorted(params.items()))
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
        by_name[key] = (r["primaryMetric"]["score"], r["primaryMetric"]["scoreError"],
                        r["primaryMetric"]["scoreUnit"], r["mode"], alloc)
    print("%-34s %12s %12s %7s %11s %11s" % ("pair", "A", "B", "A/B", "A B/op", "B B/op"))
    for key in sorted(by_name):
        for a, b in PAIRS:
            stem, _, rest = key.partition("_" + a)
            if rest.startswith("[") or rest == "":
                other = stem + "_" + b + rest
                if stem != key and other in by_name:
                    sa, ea, unit, mode, alloca = by_name[key]
                    sb, eb, _, _, allocb = by_name[other]
                    # time per op: A/B; throughput: B/A, so that > 1 always means A is slower.
                    ratio = sa / sb if mode == "avgt" else sb / sa
                    fmt = lambda x: "-" if x is None else "%.1f" % x
                    print("%-34s %12.2f %12.2f %7.2f %11s %11s  (%s, %s/%s)" % (
                        stem + rest, sa, sb, ratio, fmt(alloca), fmt(allocb), unit, a, b))


if __name__ == "__main__":
    main(sys.argv[1])
