# bench-common.sh - shell functions the bench scripts share (sourced).

# best CMD...: the best of 3 runs of CMD (stdout discarded) by CPU time,
# printed as "wall cpu" seconds (cpu = user + sys: the figure that matters
# on a shared machine, where wall time also counts waiting for the core).
best() {
	local b= bc= t
	for _ in 1 2 3; do
		t=$( { /usr/bin/time -f '%e %U %S' "$@" >/dev/null; } 2>&1 | tail -1)
		local w=${t%% *} c
		c=$(echo "$t" | awk '{ print $2 + $3 }')
		if [ -z "$bc" ] || awk -v a="$c" -v b="$bc" 'BEGIN { exit !(a < b) }'; then bc=$c; b=$w; fi
	done
	echo "$b $bc"
}
