/* xls.c - BIFF .xls through libfreexl (see xls.h). */
#include "xls.h"

#include <freexl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rv_xls {
	const void *h;		/* libfreexl handle */
	size_t nsheets;
	char **names;
	unsigned char *hidden;
	unsigned rows;		/* of the selected sheet */
	unsigned short cols;
	unsigned next;		/* the next row to read (0-based) */
	struct rv_srow row;
};

static const char *
xls_error(int rc)
{
	switch (rc) {
	case FREEXL_FILE_NOT_FOUND:
		return "cannot open the file";
	case FREEXL_INSUFFICIENT_MEMORY:
		return "out of memory";
	case FREEXL_BIFF_OBFUSCATED:
		return "the workbook is password-protected";
	case FREEXL_CRAFTED_FILE:
		return "the file is corrupt (libfreexl: crafted file)";
	case FREEXL_BIFF_WORKBOOK_NOT_FOUND:
		return "no workbook in the OLE2 file (not an Excel .xls)";
	case FREEXL_INVALID_CHARACTER:
	case FREEXL_UNSUPPORTED_CHARSET:
		return "text in a code page libfreexl cannot convert";
	default:
		return "not a readable BIFF .xls file (corrupt or unsupported)";
	}
}

size_t
rv_xls_number(char *out, double v)
{
	int n, prec;
	char *e;

	if (v == 0)
		return (size_t)snprintf(out, 32, "0");
	if (!isfinite(v))
		return (size_t)snprintf(out, 32, "%s", isnan(v) ? "#NUM!" : "#DIV/0!");
	/* The shortest of up to 15 digits that reads back to v, else 15. */
	for (prec = 1; prec < 15; prec++) {
		snprintf(out, 32, "%.*g", prec, v);
		if (strtod(out, NULL) == v)
			break;
	}
	if (fabs(v) >= 1e15 || fabs(v) < 1e-9)
		n = snprintf(out, 32, "%.*E", prec - 1, v);
	else
		n = snprintf(out, 32, "%.*f", prec - 1 - (int)floor(log10(fabs(v))) > 0 ?
		    prec - 1 - (int)floor(log10(fabs(v))) : 0, v);
	if ((e = strchr(out, 'E')) != NULL) {
		/* 1.50000E+20 -> 1.5E+20 */
		char *m = e;
		while (m > out && m[-1] == '0')
			m--;
		if (m > out && m[-1] == '.')
			m--;
		memmove(m, e, strlen(e) + 1);
		n = (int)strlen(out);
	} else if (strchr(out, '.') != NULL) {
		while (n > 0 && out[n - 1] == '0')
			out[--n] = '\0';
		if (n > 0 && out[n - 1] == '.')
			out[--n] = '\0';
	}
	return (size_t)n;
}

struct rv_xls *
rv_xls_open(const char *path, char *err, size_t errsz)
{
	struct rv_xls *x = calloc(1, sizeof(*x));
	unsigned info = 0, i;
	const char *name;
	int rc;

	if (x == NULL) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	if ((rc = freexl_open(path, &x->h)) != FREEXL_OK) {
		snprintf(err, errsz, "%s", xls_error(rc));
		x->h = NULL;
		rv_xls_close(x);
		return NULL;
	}
	if (freexl_get_info(x->h, FREEXL_BIFF_PASSWORD, &info) == FREEXL_OK &&
	    info == FREEXL_BIFF_OBFUSCATED) {
		snprintf(err, errsz, "%s", xls_error(FREEXL_BIFF_OBFUSCATED));
		rv_xls_close(x);
		return NULL;
	}
	if (freexl_get_info(x->h, FREEXL_BIFF_SHEET_COUNT, &info) != FREEXL_OK)
		info = 0;
	if ((x->names = calloc(info + 1, sizeof(*x->names))) == NULL ||
	    (x->hidden = calloc(info + 1, 1)) == NULL) {
		snprintf(err, errsz, "out of memory");
		rv_xls_close(x);
		return NULL;
	}
	for (i = 0; i < info; i++) {
		if (freexl_get_worksheet_name(x->h, (unsigned short)i, &name) != FREEXL_OK ||
		    name == NULL)
			name = "";
		if ((x->names[i] = strdup(name)) == NULL) {
			snprintf(err, errsz, "out of memory");
			rv_xls_close(x);
			return NULL;
		}
		x->nsheets++;
	}
	return x;
}

size_t
rv_xls_nsheets(const struct rv_xls *x)
{
	return x->nsheets;
}

char **
rv_xls_names(const struct rv_xls *x)
{
	return x->names;
}

unsigned char *
rv_xls_hidden(const struct rv_xls *x)
{
	return x->hidden;
}

int
rv_xls_select(struct rv_xls *x, size_t i, char *err, size_t errsz)
{
	int rc;

	if ((rc = freexl_select_active_worksheet(x->h, (unsigned short)i)) != FREEXL_OK ||
	    (rc = freexl_worksheet_dimensions(x->h, &x->rows, &x->cols)) != FREEXL_OK) {
		snprintf(err, errsz, "%s", xls_error(rc));
		return -1;
	}
	x->next = 0;
	return 0;
}

size_t
rv_xls_width(const struct rv_xls *x)
{
	return x->cols;
}

int
rv_xls_next(struct rv_xls *x, struct rv_srow **row, char *err, size_t errsz, char *cell)
{
	FreeXL_CellValue v;
	unsigned short c;
	char num[32];
	const char *p;
	int rc, type;

	if (x->next >= x->rows)
		return 0;
	rv_srow_reset(&x->row, x->next + 1);
	for (c = 0; c < x->cols; c++) {
		if ((rc = freexl_get_cell_value(x->h, x->next, c, &v)) != FREEXL_OK) {
			rv_sheet_cellref(cell, c, x->next + 1);
			snprintf(err, errsz, "%s", xls_error(rc));
			return -1;
		}
		p = num;
		switch (v.type) {
		case FREEXL_CELL_INT:
			snprintf(num, sizeof(num), "%d", v.value.int_value);
			type = RV_CELL_NUM;
			break;
		case FREEXL_CELL_DOUBLE:
			rv_xls_number(num, v.value.double_value);
			type = RV_CELL_NUM;
			break;
		case FREEXL_CELL_TEXT:
		case FREEXL_CELL_SST_TEXT:
			p = v.value.text_value;
			type = RV_CELL_TEXT;
			break;
		case FREEXL_CELL_DATE:
		case FREEXL_CELL_DATETIME:
		case FREEXL_CELL_TIME:
			p = v.value.text_value;
			type = RV_CELL_DATE;
			break;
		default:
			continue;
		}
		if (p != NULL && *p != '\0' && rv_srow_set(&x->row, c, type, p, strlen(p)) < 0) {
			snprintf(err, errsz, "out of memory");
			return -1;
		}
	}
	x->next++;
	*row = &x->row;
	return 1;
}

void
rv_xls_close(struct rv_xls *x)
{
	size_t i;

	if (x == NULL)
		return;
	if (x->h != NULL)
		freexl_close(x->h);
	for (i = 0; i < x->nsheets; i++)
		free(x->names[i]);
	free(x->names);
	free(x->hidden);
	rv_srow_free(&x->row);
	free(x);
}
