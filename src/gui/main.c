/*
 * movebreak-gui: the commands that draw or speak. A program of its own so
 * the daemon and the terminal coach never load GTK, cairo or speech; the
 * movebreak binary hands these commands over with exec.
 */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "app/output.h"
#include "gui/commands.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
} commands[] = {
	/* One line per command; each lives in its own file. */
	{ "window", mb_gui_window },
	{ "render", mb_cmd_render },
	{ "voice-out", mb_cmd_voice_out },
	{ "speak", mb_cmd_speak },
	{ "stats", mb_gui_stats_plot },
	{ "prompt", mb_cmd_prompt },
	{ "app", mb_gui_app },
	{ NULL, NULL },
};

static void usage(FILE *out)
{
	fputs("Usage: movebreak-gui COMMAND [OPTIONS]\n"
	      "\n"
	      "The drawing and speaking half of movebreak, run by the movebreak program;\n"
	      "with no command it opens the app window, as 'movebreak app' does.\n"
	      "Commands:",
		out);
	for (size_t i = 0; commands[i].name; i++)
		fprintf(out, " %s", commands[i].name);
	fputs("\nRun 'movebreak COMMAND --help' for a command's options.\n", out);
}

int main(int argc, char **argv)
{
	setlocale(LC_CTYPE, "");
	/* Run by hand or from a launcher with no command, it opens the app window. */
	if (argc < 2) {
		char *app_argv[] = { "app", NULL };
		return mb_output_finish("movebreak-gui", mb_gui_app(1, app_argv));
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return mb_output_finish("movebreak-gui", 0);
	}
	for (size_t i = 0; commands[i].name; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return mb_output_finish("movebreak-gui",
				commands[i].run(argc - 1, argv + 1));
	fprintf(stderr, "movebreak-gui: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return MB_EXIT_USAGE;
}
