/* Checking that the output was written, so a full disk is never a silent success. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "app/output.h"

int mb_output_finish(const char *prog, int code)
{
	errno = 0;
	int flushed = fflush(stdout);
	if (flushed == 0 && !ferror(stdout))
		return code;
	fprintf(stderr, "%s: cannot write the output: %s\n", prog,
		flushed != 0 && errno ? strerror(errno) : "a write failed");
	return code == 0 ? 1 : code;
}
