/* `movebreak now ROUTINE --voice-out FILE.wav`: the whole guided audio track, no sound card. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/args.h"
#include "app/catalog.h"
#include "app/now-options.h"
#include "core/duration.h"
#include "core/timeline.h"
#include "gui/commands.h"
#include "voice/speech.h"
#include "voice/voice.h"
#include "voice/wav.h"

static int put_samples(void *data, const int16_t *samples, size_t len)
{
	return mb_wav_writer_write(data, samples, len);
}

int mb_cmd_voice_out(int argc, char **argv)
{
	/* 0 unless --minutes gives a length (see mb_args_minutes_level()). */
	double minutes = 0;
	const char *out_path = NULL;
	struct mb_speech_voice which = { 0 };
	bool quiet = false;
	int opt;
	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, MB_NOW_SHORT_OPTIONS, mb_now_options, NULL)) != -1) {
		switch (opt) {
		case MB_NOW_OPT_MINUTES:
			if (!mb_args_number("now", "--minutes", optarg, 120, &minutes))
				return MB_EXIT_USAGE;
			break;
		case MB_NOW_OPT_VOICE:
			if (optarg)
				which.name = optarg;
			break;
		case MB_NOW_OPT_VOICE_LANGUAGE:
			which.language = optarg;
			break;
		case MB_NOW_OPT_VOICE_OUT:
			out_path = optarg;
			break;
		case MB_NOW_OPT_QUIET:
			quiet = true;
			break;
		/* The rest of `now`'s options, which hands this command its arguments. */
		case MB_NOW_OPT_TIME_SCALE:
		case MB_NOW_OPT_PLAIN:
		case MB_NOW_OPT_NO_RECORD:
		case MB_NOW_OPT_GUI:
		case MB_NOW_OPT_FULLSCREEN:
		case MB_NOW_OPT_FROM_PROMPT:
		case MB_NOW_OPT_HELP:
			break;
		default:
			return mb_args_bad_option("now", MB_NOW_SHORT_OPTIONS, mb_now_options,
				optopt, argv[optind - 1]);
		}
	}
	if (!out_path || !out_path[0]) {
		fprintf(stderr, "movebreak now: --voice-out needs a file name, such as break.wav\n");
		return MB_EXIT_USAGE;
	}
	if (argc - optind > 1) {
		fprintf(stderr, "movebreak now: unexpected argument '%s'\n", argv[optind + 1]);
		return MB_EXIT_USAGE;
	}

	const char *name = optind < argc ? argv[optind] : getenv("MOVEBREAK_ROUTINE");
	if (name && !name[0])
		name = NULL;
	int code = MB_EXIT_OK;
	struct mb_routine *routine = mb_catalog_load(name, &code);
	if (!routine)
		return code;
	struct mb_timeline *tl = mb_timeline_create(routine,
		mb_args_minutes_level("now", routine, minutes));
	int error = 0;
	char why[256] = "";
	struct mb_speech *speech = NULL;
	if (!tl) {
		fprintf(stderr, "movebreak now: out of memory\n");
		code = MB_EXIT_FAILURE;
		goto out;
	}
	speech = mb_speech_espeak_create(&which, false, &error, why, sizeof(why));
	if (!speech) {
		fprintf(stderr, "movebreak now: %s\n", why[0] ? why : strerror(-error));
		code = error == -EINVAL ? MB_EXIT_USAGE : MB_EXIT_FAILURE;
		goto out;
	}
	/* Streamed to the file as it is mixed: memory stays a few seconds of audio. */
	int ret = 0;
	struct mb_wav_writer *wav = mb_wav_writer_create(out_path,
		mb_voice_track_len(tl, speech->rate_hz), speech->rate_hz, &ret);
	if (!wav) {
		fprintf(stderr, "movebreak now: %s: %s\n", out_path, strerror(-ret));
		code = MB_EXIT_FAILURE;
		goto out;
	}
	ret = mb_voice_track_stream(speech, tl, !quiet, put_samples, wav);
	/* A write error stops the track too: the file's own error says what happened. */
	int write_error = mb_wav_writer_close(wav, ret == 0);
	if (write_error < 0) {
		fprintf(stderr, "movebreak now: %s: %s\n", out_path, strerror(-write_error));
		code = MB_EXIT_FAILURE;
		goto out;
	}
	if (ret < 0) {
		fprintf(stderr, "movebreak now: cannot make the voice track: %s\n", strerror(-ret));
		code = MB_EXIT_FAILURE;
		goto out;
	}
	char total[32];
	printf("Wrote %s: %s, the %s routine spoken (%d Hz mono).\n", out_path,
		mb_duration_format(tl->total_us, total, sizeof(total)), routine->name,
		speech->rate_hz);
out:
	mb_speech_destroy(speech);
	mb_timeline_destroy(tl);
	mb_routine_destroy(routine);
	return code;
}
