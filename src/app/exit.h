/* The exit codes of the command-line contract, the same for both programs. */
#ifndef MB_APP_EXIT_H
#define MB_APP_EXIT_H

#define MB_EXIT_OK 0
/* A runtime failure. */
#define MB_EXIT_FAILURE 1
/* Bad usage or bad input: the message names the argument, or the file:line:column. */
#define MB_EXIT_USAGE 2
/*
 * The daemon's exit code when another one already owns the name: not a
 * failure to restart from (data/movebreak.service lists it), and distinct so
 * a start from both the autostart entry and the unit is easy to tell apart.
 */
#define MB_EXIT_ALREADY_RUNNING 3

#endif
