/* tmpfile.c - see tmpfile.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpfile.h"

const char *
rv_tmpdir(void)
{
	const char *dir = getenv("TMPDIR");

	return dir != NULL && *dir ? dir : "/tmp";
}

int
rv_mkstemp(const char *name, char **path)
{
	int fd, e;

	*path = NULL;
	/* mkstemp's template: the name, a dot and six 'X' that it replaces. */
	if (asprintf(path, "%s/%s.%6s", rv_tmpdir(), name, "") < 0) {
		*path = NULL;
		errno = ENOMEM;
		return -1;
	}
	memset(*path + strlen(*path) - 6, 'X', 6);
	if ((fd = mkstemp(*path)) < 0) {
		e = errno;
		free(*path);
		*path = NULL;
		errno = e;
	}
	return fd;
}
