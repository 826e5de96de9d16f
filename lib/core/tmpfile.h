/* tmpfile.h - the temporary files of the tools that must spool a stream
 * (rv-report reads its input twice, libfreexl reads files only, an xlsx
 * is written to a file before it goes to a pipe). */
#ifndef RV_TMPFILE_H
#define RV_TMPFILE_H

/* Create and open (mkstemp) "$TMPDIR/NAME." followed by six random
 * characters ("/tmp" when TMPDIR is unset or empty). Returns the descriptor and sets *path (malloc'd;
 * the caller frees and unlinks it), or -1 with errno set and *path NULL. */
int rv_mkstemp(const char *name, char **path);
/* The directory rv_mkstemp creates its files in, for messages. */
const char *rv_tmpdir(void);

#endif
