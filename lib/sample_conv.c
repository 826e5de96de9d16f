/* sample_conv.c - rv-sample chats and journeys (stub). */
#include "sample_impl.h"

int
smp_write_chats(struct rv_sample *s, struct rv_out *o, int truth)
{
	(void)s; (void)truth;
	rv_out_puts(o, "conv\tturn\trole\ttext\n");
	return 0;
}

int
smp_write_journeys(struct rv_sample *s, struct rv_out *o, int truth)
{
	(void)s; (void)truth;
	rv_out_puts(o, "customer\tstage\ttext\tchurned\n");
	return 0;
}
