#!/bin/bash
# mkdata.sh [ROWS] - scored rv-sample reviews for the rv-report cases
# (not a case: no cmd). Ten weeks ending 2026-11-08, so the default
# period is 2026-10 and 2026-09 the comparison. Two things are planted
# in October before scoring: a new complaint ("充电口松动" / "charging
# port loose") in every third low-rated review, a spike of low-rated
# reviews moved to 2026-10-20, and late, crushed parcels of one carrier
# (中通), for rv-terms --new, rv-trend's alerts
# and rv-rootcause.
rv-sample reviews -r "${1:-1500}" --weeks 10 --seed 3 |
awk 'BEGIN {
	FS = OFS = "\t"
	split("，充电口松动了。|。另外充电口接触不良|，而且充电口坏了！|。充电口也有问题", zh, "|")
	split(" Also the charging port is loose.| The charging port stopped working.| And the charging port is broken!| Charging port issues too.", en, "|")
	zh[0] = zh[4]; en[0] = en[4]
}
NR > 1 && substr($3, 1, 7) == "2026-10" && $7 == "中通" && NR % 2 == 0 {
	$12 = 1
	$13 = $11 == "en" ? "Took ten days to arrive and the box was crushed." : "物流太慢了，等了十天才到，箱子都压坏了。"
}
NR > 1 && substr($3, 1, 7) == "2026-10" && $12 <= 2 {
	if (++low % 3 == 0)
		$13 = $13 ($11 == "en" ? en[low % 4] : zh[low % 4])
	if (low % 4 == 1)
		$3 = "2026-10-20"
}
{ print }' |
rv-classify | rv-sentiment | rv-triage --field time=date
