#!/usr/bin/env bash
# Reproducible builds: builds every library module's jars (classes, sources, javadoc) twice, in
# two copies of the tree at different paths and times, and compares them byte for byte.
# Library modules are all but samples, benchmarks and consumer-tests. Tests are not run.
#
#   .ci/check-reproducible.sh [maven args]                 two fresh builds, compared
#   .ci/check-reproducible.sh --against-tree [maven args]  one fresh build, compared with the jars
#                                                          already in this tree's target/ folders
#                                                          (what .ci/run does right after `mvn verify`)
set -euo pipefail
cd "$(dirname "$0")/.."

against_tree=false
if [ "${1:-}" = --against-tree ]; then
  against_tree=true
  shift
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
exclude='!samples,!benchmarks,!consumer-tests'

# The library jars under a tree, as paths relative to it.
list_jars() {
  (cd "$1" && find . -maxdepth 3 -path '*/target/*' -name '*.jar' \
     ! -path './samples/*' ! -path './benchmarks/*' ! -path './consumer-tests/*' | sort)
}

build_copy() {
  local copy="$work/$1"
  shift
  mkdir "$copy"
  # The working tree as git sees it (tracked and new files, nothing ignored such as target/).
  git ls-files -z --cached --others --exclude-standard \
    | xargs -0 cp --parents -t "$copy" 2>/dev/null || true
  (cd "$copy" && mvn -B -q -DskipTests -pl "$exclude" package "$@")
}

if $against_tree; then
  a=.
else
  build_copy a "$@"
  a="$work/a"
fi
build_copy b "$@"
b="$work/b"

list_jars "$a" > "$work/a.list"
list_jars "$b" > "$work/b.list"
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
  if cmp -s "$a/$jar" "$b/$jar"; then
    echo "same bytes: $jar ($(wc -c < "$a/$jar") bytes)"
  else
    echo "DIFFERENT: $jar" >&2
    # Name the entries that differ (CRC and name), to make the cause easy to find.
    diff <(unzip -lv "$a/$jar" | awk '{print $7, $8}') \
         <(unzip -lv "$b/$jar" | awk '{print $7, $8}') >&2 || true
    status=1
  fi
done < "$work/a.list"
exit $status
