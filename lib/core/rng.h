/* rng.h - a small, fast, seedable PRNG: xoshiro256** seeded by splitmix64.
 * Never rand(): output must be the same bytes on every libc. Streams are
 * independent: rv_rng_seed(r, seed, n) for row n gives random access. */
#ifndef RV_RNG_H
#define RV_RNG_H

#include <stdint.h>

struct rv_rng {
	uint64_t s[4];
};

/* Seed from (seed, stream): different streams give unrelated sequences. */
void rv_rng_seed(struct rv_rng *r, uint64_t seed, uint64_t stream);
/* splitmix64 step: also a good 64-bit mixer for hashing small keys. */
uint64_t rv_rng_mix(uint64_t x);

static inline uint64_t
rv_rng_rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static inline uint64_t
rv_rng_next(struct rv_rng *r)
{
	uint64_t *s = r->s;
	uint64_t res = rv_rng_rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rv_rng_rotl(s[3], 45);
	return res;
}

/* Uniform in [0, 1) with 53 random bits. */
static inline double
rv_rng_unif(struct rv_rng *r)
{
	return (double)(rv_rng_next(r) >> 11) * 0x1.0p-53;
}

/* Uniform integer in [0, n), n < 2^32 (multiply-shift, no modulo bias
 * worth measuring at these sizes). */
static inline uint32_t
rv_rng_below(struct rv_rng *r, uint32_t n)
{
	return (uint32_t)(((rv_rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* Index i of a cumulative weight table cum[0..n) (cum[n-1] = total):
 * the first i with u * total < cum[i]. */
int rv_rng_pick(struct rv_rng *r, const double *cum, int n);

#endif
