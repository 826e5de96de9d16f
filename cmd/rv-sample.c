/* rv-sample - deterministic, realistic synthetic data with planted truth:
 * orders, reviews, chats, journeys or scripts as TSV on stdout, or (--truth) the
 * structure that was planted in them, so that tests and demos can check
 * the analysers against a known answer. Same options, same bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "err.h"
#include "sample.h"

enum {
	OPT_BASE_RATE = RV_OPT_TOOL,
	OPT_CAUSES,
	OPT_CHANGE,
	OPT_DECOYS,
	OPT_MASKED,
	OPT_REALISTIC,
	OPT_ROWS,
	OPT_SEED,
	OPT_SIMPSON,
	OPT_TRUTH,
	OPT_WEEKS
};

static const struct option longopts[] = {
	{"base-rate", required_argument, NULL, OPT_BASE_RATE},
	{"causes", required_argument, NULL, OPT_CAUSES},
	{"change", no_argument, NULL, OPT_CHANGE},
	{"decoys", required_argument, NULL, OPT_DECOYS},
	{"masked", no_argument, NULL, OPT_MASKED},
	{"realistic", no_argument, NULL, OPT_REALISTIC},
	{"rows", required_argument, NULL, 'r'},
	{"seed", required_argument, NULL, 's'},
	{"simpson", no_argument, NULL, OPT_SIMPSON},
	{"truth", no_argument, NULL, OPT_TRUTH},
	{"weeks", required_argument, NULL, OPT_WEEKS},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, RV_OPT_VERSION},
	{NULL, 0, NULL, 0}
};

static void usage(int status);

int
main(int argc, char **argv)
{
	struct rv_sample_opts so;
	struct rv_cli cli = {0};
	struct rv_sample *s;
	struct rv_out out;
	const char *err = NULL;
	int truth = 0, c, rc;

	rv_cli_init(argc, argv);
	rv_sample_opts_init(&so);
	while ((c = getopt_long(argc, argv, "hr:s:", longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			so.rows = (uint64_t)rv_cli_long("--rows", optarg, 0, 1000000000000L);
			break;
		case 's':
			so.seed = (uint64_t)rv_cli_long("--seed", optarg, 0, 0x7fffffffffffffffL);
			break;
		case OPT_BASE_RATE:
			so.base_rate = rv_cli_double("--base-rate", optarg, 0, 0.5);
			break;
		case OPT_CAUSES:
			so.causes = (int)rv_cli_long("--causes", optarg, 0, 3);
			break;
		case OPT_CHANGE:
			so.change = 1;
			break;
		case OPT_DECOYS:
			so.decoys = (int)rv_cli_long("--decoys", optarg, 0, 3);
			break;
		case OPT_SIMPSON:
			so.simpson = 1;
			break;
		case OPT_MASKED:
			so.masked = 1;
			break;
		case OPT_REALISTIC:
			so.realistic = 1;
			break;
		case OPT_TRUTH:
			truth = 1;
			break;
		case OPT_WEEKS:
			so.weeks = (int)rv_cli_long("--weeks", optarg, 1, 52);
			break;
		default:
			rv_cli_option(&cli, c, optarg, usage);
			break;
		}
	}
	if (optind >= argc)
		rv_usage_error("missing KIND (orders, reviews, chats, journeys or scripts)");
	if ((so.kind = rv_sample_kind(argv[optind])) < 0)
		rv_usage_error("unknown KIND '%s': expected orders, reviews, chats, journeys or scripts",
		    argv[optind]);
	if (optind + 1 < argc)
		rv_usage_error("unexpected argument '%s'", argv[optind + 1]);
	/* The planted return structure is the orders' (and the reviews', drawn
	 * from them); elsewhere these would only reshuffle the draws. */
	if ((so.simpson || so.masked) && so.kind != RV_SAMPLE_ORDERS && so.kind != RV_SAMPLE_REVIEWS)
		rv_usage_error("--%s applies to orders and reviews (the planted return causes), "
		    "not to %s", so.simpson ? "simpson" : "masked", argv[optind]);
	if (so.change && so.weeks < 2)
		rv_usage_error("--change needs at least 2 weeks (a baseline and a target week)");
	if ((s = rv_sample_new(&so, &err)) == NULL)
		rv_die(RV_EXIT_DATA, "%s", err);
	rv_cli_out(&cli, &out);
	rc = truth ? rv_sample_write_truth(s, &out) : rv_sample_write(s, &out);
	rv_sample_free(s);
	if (rc < 0)
		rv_oom();
	rv_cli_finish(&cli, &out);
	return RV_EXIT_OK;
}

static void
usage(int status)
{
	if (status != RV_EXIT_OK) {
		rv_try_help(status);
	}
	printf("Usage: rv-sample [-r N] [-s S] [--truth] [--causes K] [--base-rate R]\n"
	    "                 [--decoys K] [--simpson] [--change] [--weeks W]\n"
	    "                 [--realistic] [--masked] KIND\n"
	    "Write deterministic synthetic data with planted structure as TSV; KIND is\n"
	    "orders, reviews, chats, journeys or scripts (chats with a mood number and\n"
	    "planted phrase and agent effects). Same options and seed, same bytes.\n"
	    "\n"
	    "  -r, --rows=N        orders or reviews rows; conversations (chats, scripts);\n"
	    "                      customers (journeys) (default 1000)\n"
	    "  -s, --seed=S        random seed, 0 or more (default 1)\n"
	    "      --truth         print the planted truth instead of the data\n"
	    "      --causes=K      planted root causes of returns, 0-3 (default 2)\n"
	    "      --base-rate=R   return rate outside the causes (default 0.05)\n"
	    "      --decoys=K      segments bad only through a cause, 0-3 (default K causes)\n"
	    "      --simpson       plant a Simpson's-paradox trap (orders, reviews)\n"
	    "      --change        causes act in the last week only; add a mix shift\n"
	    "      --realistic     background: every value +-25%%, value pairs 1.2-1.5x,\n"
	    "                      drift between periods, chronic segments (orders);\n"
	    "                      numeric curves with planted steps and ramps, one per\n"
	    "                      case, --rows curves (journeys, chats)\n"
	    "      --masked        plant a cause masked by a low-return line (orders,\n"
	    "                      reviews)\n"
	    "      --weeks=W       weeks of dates ending 2026-W45, 1-52 (default 4)\n"
	    "  -h, --help          show this help\n"
	    "      --version       show the version\n"
	    "\n"
	    "Examples:\n"
	    "  rv-sample orders --rows 1000000 --seed 7 > orders.tsv\n"
	    "  rv-sample orders --seed 7 --truth\n"
	    "  rv-sample reviews --rows 2000 | rv-classify | rv-sentiment | head\n"
	    "  rv-sample chats --rows 100 --truth\n"
	    "\n"
	    "Exit status: 0 ok, 1 write error, 2 usage error.\n");
	exit(RV_EXIT_OK);
}
