/* The subcommands of the movebreak binary, for its command table; each returns the exit code. */
#ifndef MB_APP_COMMANDS_H
#define MB_APP_COMMANDS_H

#include "app/exit.h"

/* argv[0] is the subcommand's name; options follow. */
int mb_cmd_now(int argc, char **argv);
int mb_cmd_plan(int argc, char **argv);
int mb_cmd_routines(int argc, char **argv);
/* Guided multi-day programs (cmd-programs.c). */
int mb_cmd_programs(int argc, char **argv);
int mb_cmd_history(int argc, char **argv);
/* The whole history as JSON, and back (cmd-export.c, cmd-import.c). */
int mb_cmd_export(int argc, char **argv);
int mb_cmd_import(int argc, char **argv);
int mb_cmd_simulate(int argc, char **argv);
/* The daemon that runs all day (src/daemon/cmd-daemon.c). */
int mb_cmd_daemon(int argc, char **argv);
/* Statistics and the challenge (cmd-stats.c, cmd-challenge.c). */
int mb_cmd_stats(int argc, char **argv);
int mb_cmd_challenge(int argc, char **argv);
/* The daemon's clients (cmd-control.c). */
int mb_cmd_status(int argc, char **argv);
int mb_cmd_pause(int argc, char **argv);
int mb_cmd_resume(int argc, char **argv);
int mb_cmd_break(int argc, char **argv);
int mb_cmd_postpone(int argc, char **argv);
int mb_cmd_skip(int argc, char **argv);

/** `movebreak reload`: have the daemon read config.ini again. Returns an exit code. */
int mb_cmd_reload(int argc, char **argv);

/** `movebreak config list|get|set`: show or change config.ini. Returns an exit code. */
int mb_cmd_config(int argc, char **argv);

#endif
