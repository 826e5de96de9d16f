/* test_rootcause.c - lib/tools/rootcause.c on small exact inputs: the planted
 * cause is found at the right depth, overlapping segments come out as
 * bystanders of it, figures match hand computation, input order does not
 * matter, change mode separates a rate rise from a mix shift. */
#include <math.h>
#include <string.h>

#include "rootcause.h"
#include "testhelp.h"

static const char *const names[3] = {"carrier", "province", "sku"};

static void
add(struct rv_rc *rc, const char *c, const char *p, const char *s, int target, double n, double h)
{
	struct rv_field v[3] = {{c, strlen(c)}, {p, strlen(p)}, {s, strlen(s)}};

	rv_rc_add(rc, v, target, n, h);
}

/* 4 carriers x 5 provinces x 2 SKUs, 100 rows per cell, 5% outcome;
 * carrier B in province p3 has 40%. reverse: add cells in reverse. */
static struct rv_rc *
rate_case(int reverse)
{
	static const char *car[4] = {"A", "B", "C", "D"}, *prov[5] = {"p0", "p1", "p2", "p3", "p4"};
	static const char *sku[2] = {"s0", "s1"};
	struct rv_rc_opts o;
	struct rv_rc *rc;
	int i;

	rv_rc_opts_default(&o);
	rc = rv_rc_new(3, names, &o);
	for (i = 0; i < 40; i++) {
		int k = reverse ? 39 - i : i;
		int c = k / 10, p = (k / 2) % 5, s = k % 2;
		double h = (c == 1 && p == 3) ? 40 : 5;
		add(rc, car[c], prov[p], sku[s], 1, 100, h);
	}
	return rc;
}

static int
same_result(const struct rv_rc_result *a, const struct rv_rc_result *b)
{
	size_t i;

	if (a->nf != b->nf)
		return 0;
	for (i = 0; i < a->nf; i++)
		if (strcmp(a->f[i].cause, b->f[i].cause) != 0 || a->f[i].role != b->f[i].role ||
		    a->f[i].q != b->f[i].q || a->f[i].excess != b->f[i].excess)
			return 0;
	return 1;
}

int
main(void)
{
	struct rv_rc *rc = rate_case(0), *rc2 = rate_case(1);
	struct rv_rc_result res, res2;
	struct rv_field v[3];
	double cnt[4];
	size_t i;

	test_cond("run", rv_rc_run(rc, &res) == 0);
	test_cond("first finding is the cause", res.nf >= 1 && res.f[0].role == RV_RC_CAUSE);
	test_cond("cause at the planted depth", res.nf >= 1 && strcmp(res.f[0].cause, "carrier=B&province=p3") == 0);
	test_cond("one cause only", res.nf < 2 || res.f[1].role != RV_RC_CAUSE);
	/* By hand: n = 200, hits = 80; rest 3800 rows with 190 hits. */
	test_cond("cause counts", res.f[0].n == 200 && res.f[0].hits == 80);
	test_cond("cause rate", fabs(res.f[0].rate - 0.4) < 1e-12);
	test_cond("rest rate", fabs(res.f[0].rest_rate - 190.0 / 3800) < 1e-12);
	test_cond("lift", fabs(res.f[0].lift - 0.4 / 0.05) < 1e-9);
	test_cond("excess = 80 - 200 * 0.05", fabs(res.f[0].excess - 70) < 1e-9);
	test_cond("single cause has all the excess", fabs(res.f[0].share - 1) < 1e-9);
	test_cond("q tiny", res.f[0].q < 1e-20);
	{
		int by_c = 0, by_p = 0, other = 0;
		for (i = 1; i < res.nf; i++) {
			by_c |= strcmp(res.f[i].cause, "carrier=B") == 0;
			by_p |= strcmp(res.f[i].cause, "province=p3") == 0;
			other |= res.f[i].role != RV_RC_BYSTANDER || res.f[i].explained_by != 0;
			/* no descendant of the cause is listed */
			other |= strncmp(res.f[i].cause, "carrier=B&province=p3", 21) == 0;
		}
		test_cond("carrier=B is a bystander", by_c);
		test_cond("province=p3 is a bystander", by_p);
		test_cond("all others are bystanders explained by the cause", !other);
	}
	test_cond("run reversed", rv_rc_run(rc2, &res2) == 0);
	test_cond("input order does not matter", same_result(&res, &res2));
	test_cond("40 distinct tuples", rv_rc_ntuples(rc) == 40);
	test_cond("sort tuples", rv_rc_sort_tuples(rc2) == 0);
	rv_rc_tuple(rc2, 0, v, cnt);
	test_cond("first tuple in byte order", v[0].len == 1 && v[0].p[0] == 'A' && memcmp(v[1].p, "p0", 2) == 0 &&
	    memcmp(v[2].p, "s0", 2) == 0 && cnt[0] == 100 && cnt[1] == 5);
	rv_rc_result_free(&res);
	rv_rc_result_free(&res2);
	rv_rc_free(rc);
	rv_rc_free(rc2);

	/* Flat data: nothing. */
	{
		struct rv_rc_opts o;
		rv_rc_opts_default(&o);
		rc = rv_rc_new(3, names, &o);
		add(rc, "A", "p0", "s0", 1, 1000, 50);
		add(rc, "B", "p0", "s0", 1, 1000, 52);
		add(rc, "C", "p1", "s1", 1, 1000, 48);
		rv_rc_run(rc, &res);
		test_cond("no cause in flat data", res.nf == 0);
		rv_rc_result_free(&res);
		rv_rc_free(rc);
	}

	/* Change mode: carrier B's rate rises 5% -> 30%; carrier C keeps
	 * 20% but grows from 100 to 1000 rows (a mix shift). */
	{
		struct rv_rc_opts o;
		int sawmix = 0, sawcause = 0, wrong = 0;
		rv_rc_opts_default(&o);
		o.change = 1;
		rc = rv_rc_new(3, names, &o);
		add(rc, "A", "p0", "s0", 0, 2000, 100);
		add(rc, "A", "p0", "s0", 1, 2000, 100);
		add(rc, "B", "p1", "s0", 0, 1000, 50);
		add(rc, "B", "p1", "s0", 1, 1000, 300);
		add(rc, "C", "p2", "s1", 0, 100, 20);
		add(rc, "C", "p2", "s1", 1, 1000, 200);
		add(rc, "D", "p3", "s1", 0, 2000, 100);
		add(rc, "D", "p3", "s1", 1, 2000, 100);
		test_cond("change run", rv_rc_run(rc, &res) == 0);
		for (i = 0; i < res.nf; i++) {
			if (res.f[i].role == RV_RC_CAUSE)
				sawcause |= strcmp(res.f[i].cause, "carrier=B") == 0, wrong |= i != 0;
			if (res.f[i].role == RV_RC_MIXSHIFT)
				sawmix |= strcmp(res.f[i].cause, "carrier=C") == 0;
		}
		test_cond("change: carrier=B is the cause", sawcause && !wrong);
		test_cond("change: carrier=C is a mix shift", sawmix);
		test_cond("change: base figures", res.nf > 0 && res.f[0].base_n == 1000 &&
		    fabs(res.f[0].base_rate - 0.05) < 1e-12);
		rv_rc_result_free(&res);
		rv_rc_free(rc);
	}
	return test_report();
}
