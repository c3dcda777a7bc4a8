/* movebreak: the command-line entry point; it only picks the subcommand. */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "app/commands.h"
#include "app/gui-exec.h"
#include "app/output.h"
#include "config.h"

static const char usage[] =
	"Usage: movebreak COMMAND [OPTIONS]\n"
	"\n"
	"Short movement breaks for people who sit all day.\n"
	"\n"
	"Commands:\n"
	"  now [ROUTINE|FILE]      coach a break right now (default: shoulder-reset)\n"
	"  plan [ROUTINE|FILE]     print the timed cue list of a routine\n"
	"  routines [list|show NAME|check FILE...]\n"
	"                          list, show or validate routines\n"
	"  programs [list|show NAME] [--json]\n"
	"                          guided multi-day programs, such as desk-30\n"
	"  history                 list recent breaks\n"
	"  export [--json]         write the whole history as JSON (a backup)\n"
	"  import FILE|-           add an export's records to the history\n"
	"  simulate --trace FILE   run the break scheduler over a scripted day\n"
	"  daemon                  run all day: count activity and offer breaks\n"
	"  status [--json]         what the daemon sees: state, active time, next break\n"
	"  pause [DURATION] | resume | break [movement|micro] | postpone [DURATION] | skip\n"
	"                          tell the daemon what to do\n"
	"  reload                  have the daemon read config.ini again\n"
	"  config list | get SECTION.KEY | set SECTION.KEY VALUE\n"
	"                          show or change config.ini, keeping its comments\n"
	"  render [ROUTINE|FILE] --exercise K --out FILE.png|FILE.svg\n"
	"                          draw the coached figure of an exercise to a picture\n"
	"  stats [--days N] [--json|--csv] [--plot FILE]\n"
	"                          breaks per day, adherence, streaks of days that met the goal\n"
	"  challenge start [--program NAME]|status|stop\n"
	"                          a 30-day challenge with a daily goal of movement breaks\n"
	"  app                     open the movebreak window: today, routines, history, settings\n"
	"\n"
	"Run 'movebreak COMMAND --help' for a command's options.\n"
	"Exit codes: 0 success, 1 runtime failure, 2 bad usage or bad input.\n";

/* Drawing needs cairo, which only movebreak-gui links. */
static int cmd_render(int argc, char **argv)
{
	return mb_gui_exec("render", argc, argv);
}

/* The app window is GTK's: movebreak-gui opens it, or raises the one already open. */
static int cmd_app(int argc, char **argv)
{
	return mb_gui_exec("app", argc, argv);
}

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
} commands[] = {
	{ "now", mb_cmd_now },
	{ "plan", mb_cmd_plan },
	{ "routines", mb_cmd_routines },
	{ "programs", mb_cmd_programs },
	{ "history", mb_cmd_history },
	{ "export", mb_cmd_export },
	{ "import", mb_cmd_import },
	{ "simulate", mb_cmd_simulate },
	{ "daemon", mb_cmd_daemon },
	{ "status", mb_cmd_status },
	{ "pause", mb_cmd_pause },
	{ "resume", mb_cmd_resume },
	{ "break", mb_cmd_break },
	{ "postpone", mb_cmd_postpone },
	{ "skip", mb_cmd_skip },
	{ "reload", mb_cmd_reload },
	{ "config", mb_cmd_config },
	{ "render", cmd_render },
	{ "stats", mb_cmd_stats },
	{ "challenge", mb_cmd_challenge },
	{ "app", cmd_app },
};

int main(int argc, char **argv)
{
	/* Characters only: numbers on the command line and in JSON stay in the C format. */
	setlocale(LC_CTYPE, "");
	if (argc < 2) {
		fputs(usage, stderr);
		return MB_EXIT_USAGE;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
		strcmp(argv[1], "help") == 0) {
		fputs(usage, stdout);
		return mb_output_finish("movebreak", MB_EXIT_OK);
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("movebreak %s\n", MB_VERSION);
		return mb_output_finish("movebreak", MB_EXIT_OK);
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return mb_output_finish("movebreak", commands[i].run(argc - 1, argv + 1));
	fprintf(stderr, "movebreak: unknown command '%s'\n\n%s", argv[1], usage);
	return MB_EXIT_USAGE;
}
