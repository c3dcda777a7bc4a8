/* `movebreak config list|get|set`: read and change config.ini the way the Settings page does. */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <systemd/sd-bus.h>

#include "app/args.h"
#include "app/commands.h"
#include "app/daemon-client.h"
#include "app/readfile.h"
#include "app/settings.h"
#include "parse/config-edit.h"
#include "parse/config-ini.h"

static const char usage[] =
	"Usage: movebreak config list [--config FILE]\n"
	"       movebreak config get SECTION.KEY [--config FILE]\n"
	"       movebreak config set SECTION.KEY VALUE [--config FILE]\n"
	"\n"
	"Show or change the settings in config.ini. list shows every key with its\n"
	"value, its default and what it does; get prints one value (the default\n"
	"when the file does not set it). set checks VALUE with the parser the\n"
	"daemon reads the file with, rewrites only that line (or adds it to its\n"
	"section), keeps comments and everything else as they are, and has a\n"
	"running daemon read the file again. A bad value or a file that does not\n"
	"load is refused (exit 2) and nothing is written. When config.ini is a\n"
	"symbolic link, the file it points to is written.\n"
	"\n"
	"      --config FILE   another file than $XDG_CONFIG_HOME/movebreak/config.ini\n"
	"  -h, --help          show this help\n";

enum {
	OPT_CONFIG = 256,
};

/* Split "section.key" into its two names; returns false (and says why) when it is none. */
static bool split_name(const char *name, char *section, size_t section_len, char *key,
	size_t key_len)
{
	const char *dot = strchr(name, '.');
	if (!dot || dot == name || !dot[1] || (size_t)(dot - name) >= section_len ||
		strlen(dot + 1) >= key_len) {
		fprintf(stderr, "movebreak config: '%s' is not SECTION.KEY (like movement.every)\n",
			name);
		return false;
	}
	memcpy(section, name, (size_t)(dot - name));
	section[dot - name] = '\0';
	snprintf(key, key_len, "%s", dot + 1);
	if (mb_config_key_index(section, key) < 0) {
		fprintf(stderr,
			"movebreak config: config.ini has no key %s (see 'movebreak config "
			"list')\n",
			name);
		return false;
	}
	return true;
}

/* The file's text, or "" when it does not exist; NULL (said) when it cannot be read. */
static char *read_text(const char *path, size_t *len)
{
	char *buf = NULL;
	int r = mb_read_file(path, MB_CONFIG_MAX_BYTES, &buf, len);
	if (r == -ENOENT) {
		*len = 0;
		return strdup("");
	}
	if (r < 0) {
		fprintf(stderr, "movebreak config: %s: cannot read: %s\n", path,
			mb_read_file_strerror(r));
		return NULL;
	}
	return buf ? buf : strdup("");
}

static int cmd_list(const char *path)
{
	size_t len = 0;
	char *text = read_text(path, &len);
	if (!text)
		return MB_EXIT_FAILURE;
	struct mb_config_key_info info;
	const char *section = "";
	for (size_t i = 0; mb_config_key_describe(i, &info); i++) {
		if (strcmp(section, info.section) != 0)
			printf("%s[%s]\n", i ? "\n" : "", info.section);
		section = info.section;
		char value[1024];
		int line = mb_config_ini_value(text, len, info.section, info.name, value,
			sizeof(value));
		printf("%s = %s\n", info.name, line > 0 ? value : info.default_text);
		printf("    ; %s (default: %s)\n", info.help,
			info.default_text[0] ? info.default_text : "empty");
	}
	free(text);
	return fflush(stdout) == 0 ? MB_EXIT_OK : MB_EXIT_FAILURE;
}

static int cmd_get(const char *path, const char *name)
{
	char section[64], key[64];
	if (!split_name(name, section, sizeof(section), key, sizeof(key)))
		return MB_EXIT_USAGE;
	size_t len = 0;
	char *text = read_text(path, &len);
	if (!text)
		return MB_EXIT_FAILURE;
	char value[1024];
	int line = mb_config_ini_value(text, len, section, key, value, sizeof(value));
	free(text);
	struct mb_config_key_info info;
	mb_config_key_describe((size_t)mb_config_key_index(section, key), &info);
	printf("%s\n", line > 0 ? value : info.default_text);
	return fflush(stdout) == 0 ? MB_EXIT_OK : MB_EXIT_FAILURE;
}

/* Have a running daemon read the file again; no daemon is fine, it reads it when it starts. */
static int reload_daemon(void)
{
	sd_bus_message *reply = NULL;
	char why[512];
	int r = mb_daemon_call(NULL, "Reload", false, &reply, why, sizeof(why), NULL);
	if (r == -ENOENT) {
		printf("No daemon is running; it reads the file when it starts\n");
		return MB_EXIT_OK;
	}
	if (r < 0) {
		/* The file is written all the same; a daemon started later reads it. */
		fprintf(stderr, "movebreak config: no daemon was told: %s\n", why);
		return MB_EXIT_OK;
	}
	const char *error = "";
	int code = MB_EXIT_OK;
	if (sd_bus_message_read(reply, "s", &error) >= 0 && error[0]) {
		fprintf(stderr, "%s\nmovebreak config: the daemon keeps the settings it had\n",
			error);
		code = MB_EXIT_USAGE;
	} else {
		printf("The daemon reloaded it\n");
	}
	sd_bus_message_unref(reply);
	return code;
}

static int cmd_set(const char *path, const char *name, const char *value)
{
	char section[64], key[64];
	if (!split_name(name, section, sizeof(section), key, sizeof(key)))
		return MB_EXIT_USAGE;
	struct mb_config_change change = { .section = section, .key = key, .value = value };
	char written[4096], err[4096 + 300];
	int r = mb_settings_write(path, &change, 1, written, sizeof(written), err, sizeof(err));
	if (r < 0) {
		fprintf(stderr, "movebreak config: %s\n", err);
		fprintf(stderr, "movebreak config: nothing was written\n");
		return r == -EINVAL ? MB_EXIT_USAGE : MB_EXIT_FAILURE;
	}
	if (strcmp(written, path) != 0)
		printf("Set %s = %s in %s (which %s links to)\n", name, value, written, path);
	else
		printf("Set %s = %s in %s\n", name, value, path);
	return reload_daemon();
}

int mb_cmd_config(int argc, char **argv)
{
	static const struct option options[] = {
		{ "config", required_argument, NULL, OPT_CONFIG },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *path = NULL;
	int opt;
	opterr = 0;
	/* Options may follow the operands: "config set movement.every 20m --config FILE". */
	const char *short_options = "h";
	while ((opt = getopt_long(argc, argv, short_options, options, NULL)) != -1) {
		switch (opt) {
		case OPT_CONFIG:
			path = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return MB_EXIT_OK;
		default:
			return mb_args_bad_option(argv[0], short_options, options, optopt,
				argv[optind - 1]);
		}
	}
	int n = argc - optind;
	char **args = argv + optind;
	char user[4096];
	if (!path) {
		int r = mb_settings_user_path(user, sizeof(user));
		if (r < 0) {
			fprintf(stderr, "movebreak config: cannot locate config.ini: %s\n",
				strerror(-r));
			return MB_EXIT_FAILURE;
		}
		path = user;
	}
	if (n == 1 && strcmp(args[0], "list") == 0)
		return cmd_list(path);
	if (n == 2 && strcmp(args[0], "get") == 0)
		return cmd_get(path, args[1]);
	if (n == 3 && strcmp(args[0], "set") == 0)
		return cmd_set(path, args[1], args[2]);
	fputs(usage, stderr);
	return MB_EXIT_USAGE;
}
