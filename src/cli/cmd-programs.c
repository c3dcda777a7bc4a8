/* `movebreak programs`: list the guided programs on offer, or show one day by day. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/catalog.h"
#include "app/commands.h"
#include "app/programs.h"
#include "core/text.h"
#include "parse/json.h"

static const char usage[] =
	"Usage: movebreak programs [list] [--json]\n"
	"       movebreak programs show NAME|FILE [--json]\n"
	"\n"
	"A program is a plan of days: each day names the routines of its movement\n"
	"breaks and the minutes they run. 'movebreak challenge start --program NAME'\n"
	"follows one; while it runs, 'movebreak now' and the daemon's prompts offer\n"
	"the day's next routine.\n"
	"\n"
	"list   the programs on offer: your own in ~/.config/movebreak/programs\n"
	"       (which may hide a built-in of the same name) and the built-in ones\n"
	"show   every day of a program: its minutes and its routines in order;\n"
	"       a routine that is not installed is marked\n"
	"\n"
	"      --json      list: an array of {name, title, days, source}; show: one\n"
	"                  object {name, title, summary, days: [{day, routines, minutes}]}\n"
	"                  with every day written out\n"
	"  -h, --help      show this help\n";

static void print_minutes_json(double minutes)
{
	/* Tenths at most, so %g prints what the file said. */
	printf("%g", minutes);
}

static int list_programs(bool json)
{
	struct mb_shelf_item items[128];
	int n = mb_programs_list(items, 128);
	if (n < 0) {
		fprintf(stderr, "movebreak programs: cannot list programs: %s\n", strerror(-n));
		return MB_EXIT_FAILURE;
	}
	if (json)
		fputc('[', stdout);
	else
		printf("%-16s %-40s %-5s %s\n", "NAME", "TITLE", "DAYS", "SOURCE");
	int code = MB_EXIT_OK;
	for (int i = 0; i < n; i++) {
		int load_code = MB_EXIT_OK;
		const char *arg = strcmp(items[i].origin, "built-in") == 0 ? items[i].name :
									     items[i].origin;
		struct mb_program *p = mb_programs_load(arg, json, &load_code);
		if (json) {
			printf("%s{\"name\":", i ? "," : "");
			mb_json_string(stdout, items[i].name);
			fputs(",\"title\":", stdout);
			mb_json_string(stdout, p ? p->title : NULL);
			if (p)
				printf(",\"days\":%u", p->days);
			else
				fputs(",\"days\":null", stdout);
			fputs(",\"source\":", stdout);
			mb_json_string(stdout, items[i].origin);
			printf(",\"hides_builtin\":%s}", items[i].shadows ? "true" : "false");
		} else if (!p) {
			printf("%-16s %-40s %-5s %s\n", items[i].name, "(has problems)", "-",
				items[i].origin);
		} else {
			char title[MB_TEXT_PRINTABLE_SIZE(60)];
			mb_text_printable(p->title, title, sizeof(title));
			printf("%-16s %-40s %-5u %s%s\n", items[i].name, title, p->days,
				items[i].origin, items[i].shadows ? " (hides the built-in)" : "");
		}
		if (!p)
			code = MB_EXIT_USAGE;
		mb_program_destroy(p);
	}
	if (json)
		fputs("]\n", stdout);
	return code;
}

static void show_json(const struct mb_program *p)
{
	fputs("{\"name\":", stdout);
	mb_json_string(stdout, p->name);
	fputs(",\"title\":", stdout);
	mb_json_string(stdout, p->title);
	fputs(",\"summary\":", stdout);
	mb_json_string(stdout, p->summary);
	printf(",\"length\":%u,\"days\":[", p->days);
	struct mb_program_day day;
	for (unsigned d = 1; mb_program_day(p, d, &day); d++) {
		printf("%s{\"day\":%u,\"routines\":[", d > 1 ? "," : "", d);
		for (size_t i = 0; i < day.routines_len; i++) {
			if (i)
				fputc(',', stdout);
			mb_json_string(stdout, day.routines[i]);
		}
		fputs("],\"minutes\":", stdout);
		print_minutes_json(day.minutes);
		fputc('}', stdout);
	}
	fputs("]}\n", stdout);
}

static void show_text(const struct mb_program *p)
{
	char name[MB_TEXT_PRINTABLE_SIZE(64)], text[MB_TEXT_PRINTABLE_SIZE(512)];
	printf("%s: %s\n", mb_text_printable(p->name, name, sizeof(name)),
		mb_text_printable(p->title, text, sizeof(text)));
	if (p->summary)
		printf("%s\n", mb_text_printable(p->summary, text, sizeof(text)));
	printf("%u days; each day's routines are offered in turn, one a break.\n\n", p->days);
	printf("%4s  %-7s  %s\n", "DAY", "MINUTES", "ROUTINES");
	bool any_missing = false;
	struct mb_program_day day;
	for (unsigned d = 1; mb_program_day(p, d, &day); d++) {
		printf("%4u  %-7g  ", d, day.minutes);
		for (size_t i = 0; i < day.routines_len; i++) {
			bool missing = !mb_catalog_exists(day.routines[i]);
			any_missing = any_missing || missing;
			printf("%s%s%s", i ? ", " : "",
				mb_text_printable(day.routines[i], name, sizeof(name)),
				missing ? " (not installed)" : "");
		}
		fputc('\n', stdout);
	}
	if (any_missing)
		printf("\nA routine that is not installed is passed over: the day offers its "
		       "next routine instead.\n");
}

int mb_cmd_programs(int argc, char **argv)
{
	bool json = false;
	const char *words[3];
	size_t nwords = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			fputs(usage, stdout);
			return MB_EXIT_OK;
		}
		if (strcmp(argv[i], "--json") == 0) {
			json = true;
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			fprintf(stderr, "movebreak programs: unknown option '%s'\n", argv[i]);
			return MB_EXIT_USAGE;
		} else if (nwords < 3) {
			words[nwords++] = argv[i];
		} else {
			fprintf(stderr, "movebreak programs: unexpected argument '%s'\n", argv[i]);
			return MB_EXIT_USAGE;
		}
	}
	const char *action = nwords > 0 ? words[0] : "list";
	int code;
	if (strcmp(action, "list") == 0) {
		if (nwords > 1) {
			fprintf(stderr, "movebreak programs list: unexpected argument '%s'\n",
				words[1]);
			return MB_EXIT_USAGE;
		}
		code = list_programs(json);
	} else if (strcmp(action, "show") == 0) {
		if (nwords != 2) {
			fprintf(stderr, "movebreak programs show: %s\n",
				nwords < 2 ? "name a program to show" :
					     "show one program at a time");
			return MB_EXIT_USAGE;
		}
		code = MB_EXIT_OK;
		struct mb_program *p = mb_programs_load(words[1], false, &code);
		if (!p)
			return code;
		if (json)
			show_json(p);
		else
			show_text(p);
		mb_program_destroy(p);
	} else {
		fprintf(stderr, "movebreak programs: unknown action '%s' (list or show)\n", action);
		return MB_EXIT_USAGE;
	}
	if (fflush(stdout) != 0)
		code = MB_EXIT_FAILURE;
	return code;
}
