/* `movebreak render`: one frame of the coached figure to a PNG or SVG file, no display needed. */
#include <cairo-svg.h>
#include <cairo.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/args.h"
#include "app/catalog.h"
#include "gui/commands.h"
#include "render/figure.h"

#define DEFAULT_W 360
#define DEFAULT_H 400
#define SIZE_MAX_PX 4096

static const char usage[] =
	"Usage: movebreak render [ROUTINE|FILE] [--exercise K] [--at SECONDS] [--minutes M]\n"
	"                        [--dark] [--size WxH] --out FILE.png|FILE.svg\n"
	"\n"
	"Draw one frame of the coached figure for exercise K of a routine (default\n"
	"shoulder-reset) into a PNG or SVG file, without a display.\n"
	"\n"
	"  -e, --exercise K   the exercise, counted from 1 (default 1)\n"
	"  -t, --at SECONDS   seconds from the start of the exercise, its get-ready cue\n"
	"                     included (default: the middle of its first step)\n"
	"  -m, --minutes M    fit the routine to about M minutes first (default 4)\n"
	"      --dark         light figure on a dark background\n"
	"  -s, --size WxH     picture size in pixels (default 360x400)\n"
	"  -o, --out FILE     where to write; .png or .svg picks the format\n"
	"  -h, --help         show this help\n";

enum format {
	FORMAT_PNG,
	FORMAT_SVG,
};

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n > k && strcasecmp(s + n - k, suffix) == 0;
}

static bool parse_size(const char *value, int *w, int *h)
{
	char *end;
	errno = 0;
	long a = strtol(value, &end, 10);
	if (end == value || (*end != 'x' && *end != 'X') || errno || a < 16 || a > SIZE_MAX_PX)
		goto bad;
	const char *rest = end + 1;
	long b = strtol(rest, &end, 10);
	if (end == rest || *end || errno || b < 16 || b > SIZE_MAX_PX)
		goto bad;
	*w = (int)a;
	*h = (int)b;
	return true;
bad:
	fprintf(stderr,
		"movebreak render: --size: expected WIDTHxHEIGHT in pixels, each 16 to %d, got '%s'\n",
		SIZE_MAX_PX, value);
	return false;
}

static bool parse_at(const char *value, double *at_s)
{
	char *end;
	errno = 0;
	double v = strtod(value, &end);
	if (end == value || *end || errno || !isfinite(v) || v < 0) {
		fprintf(stderr, "movebreak render: --at: expected seconds, 0 or more, got '%s'\n",
			value);
		return false;
	}
	*at_s = v;
	return true;
}

/*
 * The default moment: the middle of the exercise's first step, be it a move
 * (the figure on its way, with motion arrows) or a hold (the figure in the
 * held pose). A hold paced by breaths counts as one step.
 */
static int64_t representative_us(const struct mb_timeline *tl, size_t k)
{
	const struct mb_span *span = &tl->spans[k - 1];
	size_t end = k < tl->spans_len ? tl->spans[k].first_cue : tl->cues_len;
	for (size_t i = span->first_cue; i < end; i++) {
		const struct mb_cue *c = &tl->cues[i];
		if (!c->step)
			continue;
		int64_t stop = c->hold_end_us > c->t_us ? c->hold_end_us : c->t_us + c->dur_us;
		return (c->t_us + stop) / 2 - span->start_us;
	}
	return span->dur_us / 2;
}

static cairo_status_t write_stream(void *closure, const unsigned char *data, unsigned int length)
{
	return fwrite(data, 1, length, closure) == length ? CAIRO_STATUS_SUCCESS :
							    CAIRO_STATUS_WRITE_ERROR;
}

/* Draw into the open file; false when cairo or the file failed. */
static bool draw_to(FILE *f, enum format format, const struct mb_timeline *tl, int64_t t_us, int w,
	int h, bool dark)
{
	cairo_surface_t *surface = format == FORMAT_PNG ?
		cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h) :
		cairo_svg_surface_create_for_stream(write_stream, f, w, h);
	cairo_t *cr = cairo_create(surface);
	mb_figure_draw_at(cr, tl, t_us, 0, 0, w, h, dark);
	cairo_status_t status = cairo_status(cr);
	cairo_destroy(cr);
	if (status == CAIRO_STATUS_SUCCESS && format == FORMAT_PNG)
		status = cairo_surface_write_to_png_stream(surface, write_stream, f);
	cairo_surface_finish(surface);
	if (status == CAIRO_STATUS_SUCCESS)
		status = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	return status == CAIRO_STATUS_SUCCESS;
}

int mb_cmd_render(int argc, char **argv)
{
	static const struct option options[] = {
		{ "exercise", required_argument, NULL, 'e' },
		{ "at", required_argument, NULL, 't' },
		{ "minutes", required_argument, NULL, 'm' },
		{ "dark", no_argument, NULL, 'd' },
		{ "size", required_argument, NULL, 's' },
		{ "out", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	long exercise = 1;
	const char *exercise_arg = NULL;
	/* minutes stays 0 unless --minutes gives a length (see mb_args_minutes_level()). */
	double minutes = 0, at_s = -1;
	bool dark = false;
	int w = DEFAULT_W, h = DEFAULT_H;
	const char *out = NULL;
	int opt;
	opterr = 0;
	const char *short_options = "e:t:m:s:o:h";
	while ((opt = getopt_long(argc, argv, short_options, options, NULL)) != -1) {
		switch (opt) {
		case 'e':
			if (!mb_args_int("render", "--exercise", optarg, 1, 1000, &exercise))
				return MB_EXIT_USAGE;
			exercise_arg = optarg;
			break;
		case 't':
			if (!parse_at(optarg, &at_s))
				return MB_EXIT_USAGE;
			break;
		case 'm':
			if (!mb_args_number("render", "--minutes", optarg, 120, &minutes))
				return MB_EXIT_USAGE;
			break;
		case 'd':
			dark = true;
			break;
		case 's':
			if (!parse_size(optarg, &w, &h))
				return MB_EXIT_USAGE;
			break;
		case 'o':
			out = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return MB_EXIT_OK;
		default:
			return mb_args_bad_option("render", short_options, options, optopt,
				argv[optind - 1]);
		}
	}
	if (argc - optind > 1) {
		fprintf(stderr, "movebreak render: unexpected argument '%s'\n", argv[optind + 1]);
		return MB_EXIT_USAGE;
	}
	if (!out) {
		fprintf(stderr,
			"movebreak render: --out FILE.png or FILE.svg is required\n"
			"Try 'movebreak render --help'.\n");
		return MB_EXIT_USAGE;
	}
	enum format format;
	if (ends_with(out, ".png")) {
		format = FORMAT_PNG;
	} else if (ends_with(out, ".svg")) {
		format = FORMAT_SVG;
	} else {
		fprintf(stderr, "movebreak render: --out: '%s' must end in .png or .svg\n", out);
		return MB_EXIT_USAGE;
	}

	int code = MB_EXIT_OK;
	struct mb_routine *routine = mb_catalog_load(optind < argc ? argv[optind] : NULL, &code);
	if (!routine)
		return code;
	struct mb_timeline *tl = NULL;
	FILE *f = NULL;
	if ((size_t)exercise > routine->exercises_len) {
		fprintf(stderr,
			"movebreak render: --exercise: '%s' is past the last exercise; "
			"%s has %zu\n",
			exercise_arg ? exercise_arg : "1", routine->name, routine->exercises_len);
		code = MB_EXIT_USAGE;
		goto done;
	}
	double level = mb_args_minutes_level("render", routine, minutes);
	tl = mb_timeline_create(routine, level);
	if (!tl) {
		fprintf(stderr, "movebreak render: out of memory\n");
		code = MB_EXIT_FAILURE;
		goto done;
	}
	const struct mb_span *span = &tl->spans[exercise - 1];
	/* Compared in seconds first: a huge --at must not overflow the microseconds. */
	if (at_s > 0 && at_s * MB_US_PER_S > (double)span->dur_us) {
		fprintf(stderr,
			"movebreak render: --at: %g s is past the end of exercise %ld, "
			"which lasts %.1f s at this dose\n",
			at_s, exercise, (double)span->dur_us / MB_US_PER_S);
		code = MB_EXIT_USAGE;
		goto done;
	}
	int64_t at_us = at_s < 0 ? representative_us(tl, (size_t)exercise) :
				   (int64_t)llround(at_s * MB_US_PER_S);
	f = fopen(out, "wb");
	if (!f) {
		fprintf(stderr, "movebreak render: --out: cannot write '%s': %s\n", out,
			strerror(errno));
		code = MB_EXIT_USAGE;
		goto done;
	}
	bool ok = draw_to(f, format, tl, span->start_us + at_us, w, h, dark);
	if (fclose(f) != 0)
		ok = false;
	if (!ok) {
		fprintf(stderr, "movebreak render: --out: writing '%s' failed\n", out);
		remove(out);
		code = MB_EXIT_FAILURE;
	}
done:
	mb_timeline_destroy(tl);
	mb_routine_destroy(routine);
	return code;
}
