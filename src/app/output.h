/* Standard output's last word: a write that failed makes the command fail. */
#ifndef MB_APP_OUTPUT_H
#define MB_APP_OUTPUT_H

/**
 * Flush standard output and check that everything written reached it. When
 * not (a full disk, a closed pipe, /dev/full), say so on stderr as
 * "PROG: cannot write the output: REASON" and return 1 unless code already
 * says the command failed; else return code.
 */
int mb_output_finish(const char *prog, int code);

#endif
