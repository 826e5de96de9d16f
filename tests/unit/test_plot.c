/* test_plot.c - the inline SVG of lib/tools/plot.c (charts in an HTML
 * page, as rv-report writes them) against the standalone file. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plot.h"
#include "testhelp.h"

/* The SVG of a two-series bar chart, inline or standalone. */
static char *
svg(int inline_svg)
{
	static char buf[16384];
	struct rv_plot_opts po = {0};
	struct rv_plot *p;
	struct rv_out o;
	int fds[2];
	ssize_t n, k = 0;

	po.bar = 1, po.width = 400, po.height = 200, po.inline_svg = inline_svg;
	if ((p = rv_plot_new(&po)) == NULL || pipe(fds) < 0 || rv_out_init(&o, fds[1]) < 0)
		abort();
	rv_plot_add(p, "this", 4, "a", 1, 3, NAN, NAN, "", 0);
	rv_plot_add(p, "prev", 4, "a", 1, 2, NAN, NAN, "", 0);
	rv_plot_add(p, "this", 4, "b&c", 3, 1, NAN, NAN, "", 0);
	rv_plot_svg(p, &o);
	rv_out_close(&o);
	close(fds[1]);
	while ((n = read(fds[0], buf + k, sizeof(buf) - 1 - (size_t)k)) > 0)
		k += n;
	close(fds[0]);
	buf[k] = '\0';
	rv_plot_free(p);
	return buf;
}

int
main(void)
{
	const char *s = svg(1);

	test_cond("inline: an <svg> that scales (viewBox, no size)",
	    strncmp(s, "<svg class=\"chart\" viewBox=\"0 0 400 200\" role=\"img\">\n", 53) == 0);
	test_cond("inline: no XML declaration", strstr(s, "<?xml") == NULL);
	test_cond("inline: no namespace URL", strstr(s, "xmlns") == NULL && strstr(s, "http") == NULL);
	test_cond("inline: no <style> (the page has it)", strstr(s, "<style>") == NULL);
	/* The legend is one row above the plot (y 20 + 22 - 14 - 10 = 18),
	 * the plot keeping the whole width (x1 = 400 - 24). */
	test_cond("inline: legend on top", strstr(s, "<rect fill=\"#0072B2\" x=\"70.0\" y=\"18.0\" width=\"12\"") != NULL &&
	    strstr(s, ">prev</text>") != NULL);
	test_cond("inline: data text escaped", strstr(s, ">b&amp;c</text>") != NULL);
	test_cond("inline: ends the svg", strcmp(s + strlen(s) - 7, "</svg>\n") == 0);
	s = svg(0);
	test_cond("standalone: declaration, namespace and style as before",
	    strncmp(s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "width=\"400\" height=\"200\" viewBox=\"0 0 400 200\">\n<style>\n", 117) == 0);
	test_cond("standalone: legend at the right", strstr(s, "x=\"266.0\"") != NULL);
	test_cond("css: the chart classes", strstr(rv_plot_css(), ".line{") != NULL &&
	    strstr(rv_plot_css(), ".band{") != NULL);
	return test_report();
}
