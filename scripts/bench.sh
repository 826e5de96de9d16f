#!/bin/bash
# bench.sh - run every scripts/bench-*.sh (one per tool) in turn.
# Benchmarks install their peers via scripts/deps.sh bench when root;
# otherwise missing peers are reported and skipped. Results go to stdout
# and to build/bench/*.tsv. Not part of make check: timings vary.
set -u
cd "$(dirname "$0")/.." || exit 1
mkdir -p build/bench
bash scripts/deps.sh bench || echo "bench: some peers are missing; their columns will be skipped" >&2
rc=0
for b in scripts/bench-*.sh; do
	[ -f "$b" ] || continue
	[ -n "${BENCH:-}" ] && case $b in *"$BENCH"*) ;; *) continue ;; esac
	echo "== $b"
	bash "$b" || { echo "bench: $b failed" >&2; rc=1; }
done
exit $rc
