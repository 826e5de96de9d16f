/* sheetsniff.c - rv_sheet_sniff (see sheet.h): what the first bytes of a
 * file say it is. On its own, without the readers' libraries, so that the
 * common CLI code can say "this looks like a spreadsheet" (cli.c). */
#include "sheet.h"

#include <string.h>
#include <strings.h>

int
rv_sheet_sniff(const unsigned char *p, size_t n)
{
	static const char *const tags[] = {"<html", "<table", "<!doctype html"};
	size_t i, k;

	if (n >= 4 && memcmp(p, "PK\3\4", 4) == 0)
		return RV_SHEET_XLSX;
	if (n >= 8 && memcmp(p, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
		return RV_SHEET_XLS;
	i = n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
		i++;
	if (i >= n || p[i] != '<')
		return RV_SHEET_NONE;
	for (k = 0; k < sizeof(tags) / sizeof(tags[0]); k++) {
		size_t m = strlen(tags[k]);
		if (n - i >= m && strncasecmp((const char *)p + i, tags[k], m) == 0)
			return RV_SHEET_HTML;
	}
	/* <?xml or <meta first, an HTML table further on (Excel's "Web
	 * page" export, some back ends' ".xls"). */
	if (memmem(p, n, "<table", 6) != NULL || memmem(p, n, "<TABLE", 6) != NULL ||
	    memmem(p, n, "<html", 5) != NULL || memmem(p, n, "<HTML", 5) != NULL)
		return RV_SHEET_HTML;
	return RV_SHEET_NONE;
}
