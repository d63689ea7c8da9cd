#!/usr/bin/env python3
"""Ratios of paired JMH results: jstruct time / hand-written time, from one run's JSON.

    java -jar benchmarks/target/benchmarks.jar StructBenchmark -rf json -rff struct.json
    python3 benchmarks/ratios.py struct.json

Pairs are benchmarks named <op>_<format>_<side>; the first side listed in PAIRS is divided by
the second. Also prints gc.alloc.rate.norm (bytes per operation) when run with -prof gc.

On a shared, noisy machine the mean is dragged up by whichever benchmark happened to run while
something else was busy, so next to the ratio of means this prints the ratio of the fastest
iterations ("min") and of the medians: the min is the best estimate of what the code costs
when it gets the CPU to itself.
"""
import statistics
import json
import sys

PAIRS = [("jstruct", "hand"), ("field", "hand"), ("moduleLevel", "compiled"),
         ("jstruct", "netty"), ("jstruct", "nettyCopy"), ("jstruct", "nettyDirect"),
         ("framed", "raw"), ("framedStreamed", "raw"),
         ("framedFlushEach", "raw"), ("framedBatched", "raw")]


def main(path):
    results = json.load(open(path))
    by_name = {}
    for r in results:
        name = r["benchmark"].rsplit(".", 1)[1]
        params = r.get("params") or {}
        key = name + "".join("[%s=%s]" % kv for kv in sorted(params.items()))
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
        raw = [x for fork in r["primaryMetric"]["rawData"] for x in fork]
        by_name[key] = (r["primaryMetric"]["score"], raw,
                        r["primaryMetric"]["scoreUnit"], r["mode"], alloc)
    print("%-30s %11s %11s %6s %6s %6s %9s %9s" % (
        "pair", "A mean", "B mean", "mean", "min", "median", "A B/op", "B B/op"))
    for key in sorted(by_name):
        for a, b in PAIRS:
            stem, _, rest = key.partition("_" + a)
            if rest.startswith("[") or rest == "":
                other = stem + "_" + b + rest
                if stem != key and other in by_name:
                    sa, rawa, unit, mode, alloca = by_name[key]
                    sb, rawb, _, _, allocb = by_name[other]
                    # time per op: A/B; throughput: B/A, so that > 1 always means A is slower.
                    if mode == "avgt":
                        best_a, best_b = min(rawa), min(rawb)
                        ratio = lambda x, y: x / y
                    else:
                        best_a, best_b = max(rawa), max(rawb)
                        ratio = lambda x, y: y / x
                    fmt = lambda x: "-" if x is None else "%.1f" % x
                    print("%-30s %11.5g %11.5g %6.2f %6.2f %6.2f %9s %9s  (%s, %s/%s)" % (
                        stem + rest, sa, sb, ratio(sa, sb), ratio(best_a, best_b),
                        ratio(statistics.median(rawa), statistics.median(rawb)),
                        fmt(alloca), fmt(allocb), unit, a, b))


if __name__ == "__main__":
    main(sys.argv[1])
