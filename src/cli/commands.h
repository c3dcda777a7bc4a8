/* The subcommands of the movebreak binary; each returns the process exit code. */
#ifndef MB_CLI_COMMANDS_H
#define MB_CLI_COMMANDS_H

/* Exit codes of the command-line contract. */
#define MB_EXIT_OK 0
#define MB_EXIT_FAILURE 1
#define MB_EXIT_USAGE 2

/* argv[0] is the subcommand's name; options follow. */
int mb_cmd_now(int argc, char **argv);
int mb_cmd_plan(int argc, char **argv);
int mb_cmd_routines(int argc, char **argv);
int mb_cmd_history(int argc, char **argv);
/* The whole history as JSON, and back (cmd-export.c, cmd-import.c). */
int mb_cmd_export(int argc, char **argv);
int mb_cmd_import(int argc, char **argv);
int mb_cmd_simulate(int argc, char **argv);
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

#endif
