/* data.h - files embedded from lib/data/ at build time (scripts/embed.c). */
#ifndef RV_DATA_H
#define RV_DATA_H

#include <stddef.h>

/* The embedded file called name (base name in lib/data/), NUL-terminated,
 * or NULL when there is none. *len excludes the NUL. */
const char *rv_data_get(const char *name, size_t *len);

#endif
