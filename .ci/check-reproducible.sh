#!/usr/bin/env bash
# Reproducible builds: builds every library module's jars (classes, sources, javadoc) and poms twice,
# in two copies of the tree at different paths, and compares them byte for byte.
# Library modules are all but samples, benchmarks and consumer-tests. Tests are not run (CI has
# just run them). Arguments are passed to both Maven runs.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

exclude='!samples,!benchmarks,!consumer-tests'
for copy in a b; do
  mkdir "$work/$copy"
  # The working tree as git sees it (tracked and new files, nothing ignored such as target/).
  git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$work/$copy" 2>/dev/null || true
  (cd "$work/$copy" && mvn -B -q -DskipTests -pl "$exclude" package "$@")
  (cd "$work/$copy" && find . -path '*/target/*' -maxdepth 3 -name '*.jar' | sort > "$work/$copy.list")
done

if ! diff -u "$work/a.list" "$work/b.list"; then
  echo "check-reproducible: the two builds made different sets of jars" >&2
  exit 1
fi
if [ ! -s "$work/a.list" ]; then
  echo "check-reproducible: no jars were built" >&2
  exit 1
fi

status=0
while read -r jar; do
  if cmp -s "$work/a/$jar" "$work/b/$jar"; then
    echo "same bytes: $jar ($(wc -c < "$work/a/$jar") bytes)"
  else
    echo "DIFFERENT: $jar" >&2
    # Name the entries that differ, to make the cause easy to find.
    diff <(cd "$work/a" && unzip -lv "$jar" | awk '{print $7, $8}') \
         <(cd "$work/b" && unzip -lv "$jar" | awk '{print $7, $8}') >&2 || true
    status=1
  fi
done < "$work/a.list"
exit $status
