/* tmpfile.c - see tmpfile.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "tmpfile.h"

int
rv_mkstemp(const char *name, char **path)
{
	const char *dir = getenv("TMPDIR");
	int fd, e;

	*path = NULL;
	if (asprintf(path, "%s/%s.XXXXXX", dir != NULL && *dir ? dir : "/tmp", name) < 0) {
		*path = NULL;
		errno = ENOMEM;
		return -1;
	}
	if ((fd = mkstemp(*path)) < 0) {
		e = errno;
		free(*path);
		*path = NULL;
		errno = e;
	}
	return fd;
}
