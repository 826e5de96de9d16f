#!/bin/bash
# check.sh - run the unit-test binaries given as arguments, then every CLI
# case under tests/cli/, and print the total as the last line:
# "N passed, N failed". Exits 1 when anything failed.
set -u
cd "$(dirname "$0")/.." || exit 1
pass=0 fail=0
for t in "$@"; do
	out=$("$t" 2>&1); rc=$?
	line=$(printf '%s\n' "$out" | grep '^#units ' | tail -1)
	if [ -z "$line" ]; then
		echo "FAIL $t: crashed or no report (exit $rc)"; printf '%s\n' "$out" | tail -5
		fail=$((fail + 1)); continue
	fi
	printf '%s\n' "$out" | grep -v '^#units '
	set -- $line "$@"; p=$2 f=$3; shift 3
	pass=$((pass + p)); fail=$((fail + f))
	[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && { echo "FAIL $t: exit $rc"; fail=$((fail + 1)); }
done
echo "unit tests: $pass passed, $fail failed"
# group NAME COMMAND...: run a test group whose last line is "N passed, N
# failed", print the rest and that line, and add its counts (a group that
# prints no count counts as one failure).
group() {
	local name=$1 res last p f
	shift
	res=$("$@")
	grc=$?
	printf '%s\n' "$res" | sed '$d'
	last=$(printf '%s\n' "$res" | tail -1)
	echo "$name: $last"
	p=$(echo "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
	f=$(echo "$last" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
	[ -z "$p" ] && { p=0; f=1; }
	pass=$((pass + p)); fail=$((fail + f))
}
group "cli tests" bash scripts/run-cli-tests bin tests/cli
rc=$grc
# TSV -> rv-export -> rv-import -> TSV byte-identical, at a small size
# (the script prints per column what differs on stderr).
roundtrip() {
	if ROWS=2000 bash scripts/roundtrip-xlsx.sh; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
}
group "xlsx round trip" roundtrip
group "readme examples" bash scripts/readme-examples.sh bin
group "man page examples" bash scripts/man-examples.sh bin
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ $rc -eq 0 ]
