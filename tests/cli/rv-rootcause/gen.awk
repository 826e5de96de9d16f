# gen.awk - deterministic orders for the rv-rootcause CLI tests (own LCG,
# so every awk gives the same rows). Variables (-v):
#   n=ROWS  mode=rate|change|flat
# rate:   carrier=B & province=p3 returns 30%, every other row 5%.
# change: week W1/W2; in W2 carrier=C returns 25% (5% before); channel=web
#         returns 15% in both weeks but grows from 10% to 40% of orders.
# flat:   5% everywhere (no cause).
function rnd() { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648 }
BEGIN {
	seed = 42
	if (n == "") n = 4000
	split("A B C D E", car, " ")
	printf "order\tcarrier\tprovince\tsku\tchannel\tweek\treturned\n"
	for (i = 1; i <= n; i++) {
		c = car[1 + int(rnd() * 5)]
		p = "p" int(rnd() * 10)
		s = "s" int(rnd() * 20)
		w = (mode == "change" && i > n / 2) ? "W2" : "W1"
		web = rnd() < ((mode == "change" && w == "W2") ? 0.4 : 0.1)
		ch = web ? "web" : "app"
		r = 0.05
		if (mode == "rate" && c == "B" && p == "p3") r = 0.30
		if (mode == "change" && web) r = 0.15
		if (mode == "change" && c == "C" && w == "W2") r = 0.25
		printf "o%d\t%s\t%s\t%s\t%s\t%s\t%d\n", i, c, p, s, ch, w, rnd() < r
	}
}
