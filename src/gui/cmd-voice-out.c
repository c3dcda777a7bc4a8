/* `movebreak now ROUTINE --voice-out FILE.wav`: the whole guided audio track, no sound card. */
#include <errno.h>
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
	/* `movebreak now` hands over its arguments, and answers --help itself. */
	struct mb_now_request req;
	int code = mb_now_request_parse(argc, argv, &req);
	if (code >= 0)
		return code;
	const char *out_path = req.voice_out;
	if (!out_path || !out_path[0]) {
		fprintf(stderr,
			"movebreak now: --voice-out needs a file name, such as break.wav\n");
		return MB_EXIT_USAGE;
	}
	struct mb_speech_voice which = { .name = req.voice_name, .language = req.voice_language };
	bool quiet = req.quiet;
	double minutes = req.minutes;

	code = MB_EXIT_OK;
	struct mb_routine *routine = mb_catalog_load(req.routine, &code);
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
