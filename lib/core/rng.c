/* rng.c - splitmix64 seeding for xoshiro256** (Blackman & Vigna). */
#include "rng.h"

uint64_t
rv_rng_mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

void
rv_rng_seed(struct rv_rng *r, uint64_t seed, uint64_t stream)
{
	uint64_t x = rv_rng_mix(seed) ^ (stream * 0xd1342543de82ef95ULL);
	int i;

	for (i = 0; i < 4; i++) {
		x += 0x9e3779b97f4a7c15ULL;
		r->s[i] = rv_rng_mix(x);
	}
	if ((r->s[0] | r->s[1] | r->s[2] | r->s[3]) == 0)
		r->s[0] = 1;
}

int
rv_rng_pick(struct rv_rng *r, const double *cum, int n)
{
	double x = rv_rng_unif(r) * cum[n - 1];
	int lo = 0, hi = n - 1;

	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (x < cum[mid])
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}
