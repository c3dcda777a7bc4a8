/*
 * `movebreak-gui speak`: the voice of the terminal coach, as a process of its
 * own so the coach never loads speech. The coach writes one line per change
 * on our standard input:
 *
 *     cue INDEX OFFSET_US    the break is at cue INDEX, OFFSET_US into the timeline
 *     pause                  the break is paused
 *
 * and each line takes effect at once, cutting off whatever is being said.
 * Descriptor 3, when open, gets one line before the break starts: "ok", or
 * "usage" (a bad voice, exit 2) or "fail" (exit 1), the reason on stderr.
 *
 * For tests on machines without sound: with MOVEBREAK_SPEECH_LOG=FILE the
 * fake speech stands in for espeak-ng and its log of what was rendered and
 * played is written to FILE at the end.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/args.h"
#include "app/catalog.h"
#include "core/duration.h"
#include "core/timeline.h"
#include "core/voiceline.h"
#include "gui/commands.h"
#include "platform/clock.h"
#include "voice/speech.h"
#include "voice/voice.h"

#define STATUS_FD 3
#define LINE_MAX_BYTES 128

enum {
	OPT_VOICE = 0x100,
	OPT_VOICE_LANGUAGE,
	OPT_QUIET,
	OPT_TOTAL,
	OPT_TIME_SCALE,
};

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

static void report(const char *status)
{
	if (fcntl(STATUS_FD, F_GETFD) < 0)
		return;
	char line[16];
	int n = snprintf(line, sizeof(line), "%s\n", status);
	if (write(STATUS_FD, line, (size_t)n) < 0) {
		/* The coach stopped listening; it will find out from the exit code. */
	}
	close(STATUS_FD);
}

struct speaker {
	struct mb_voice *voice;
	const struct mb_timeline *tl;
	size_t cue;
	bool warned;
};

static void handle_line(struct speaker *sp, char *line)
{
	int64_t now = mb_clock_monotonic_us();
	unsigned long long cue;
	long long offset;
	if (sscanf(line, "cue %llu %lld", &cue, &offset) == 2) {
		sp->cue = cue < sp->tl->cues_len ? (size_t)cue : sp->tl->cues_len - 1;
		mb_voice_on_cue(sp->voice, sp->tl, sp->cue, offset, now);
	} else if (strcmp(line, "pause") == 0) {
		mb_voice_pause(sp->voice);
	}
	/* Anything else is from a newer coach; ignore it rather than stop talking. */
}

static void dispatch(struct speaker *sp)
{
	int ret = mb_voice_dispatch(sp->voice, mb_clock_monotonic_us());
	if (ret == -ENODEV && !sp->warned) {
		fprintf(stderr, "movebreak: no sound device; the break goes on without voice\n");
		sp->warned = true;
	} else if (ret < 0 && ret != -ENODEV && !sp->warned) {
		fprintf(stderr, "movebreak: speech failed (%s); the break goes on without voice\n",
			strerror(-ret));
		sp->warned = true;
	}
}

static int timeout_ms(int64_t deadline_us)
{
	if (deadline_us == INT64_MAX)
		return -1;
	int64_t delay = deadline_us - mb_clock_monotonic_us();
	if (delay <= 0)
		return 0;
	return delay / 1000 >= INT_MAX ? INT_MAX : (int)((delay + 999) / 1000);
}

static void run(struct speaker *sp)
{
	char buf[LINE_MAX_BYTES * 8];
	size_t have = 0;
	bool eof = false;
	while (!eof && !stop_signal) {
		struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
		int r = poll(&pfd, 1, timeout_ms(mb_voice_next_deadline(sp->voice)));
		if (r < 0 && errno != EINTR)
			break;
		if (r > 0) {
			ssize_t n = read(STDIN_FILENO, buf + have, sizeof(buf) - have);
			if (n <= 0 && !(n < 0 && (errno == EINTR || errno == EAGAIN))) {
				eof = true;
			} else if (n > 0) {
				have += (size_t)n;
				char *start = buf, *nl;
				while ((nl = memchr(start, '\n', have - (size_t)(start - buf)))) {
					*nl = '\0';
					handle_line(sp, start);
					start = nl + 1;
				}
				have -= (size_t)(start - buf);
				memmove(buf, start, have);
				/* A line longer than any the coach writes: drop it. */
				if (have == sizeof(buf))
					have = 0;
			}
		}
		dispatch(sp);
	}
	/* The coach is gone. After the last cue, the closing words still get said. */
	if (stop_signal || sp->cue + 1 != sp->tl->cues_len)
		return;
	int64_t give_up = mb_clock_monotonic_us() + MB_VOICELINE_TAIL_US;
	for (;;) {
		int64_t now = mb_clock_monotonic_us();
		int64_t next = mb_voice_next_deadline(sp->voice);
		if (next == INT64_MAX)
			next = mb_voice_busy_until(sp->voice);
		if (next > give_up)
			next = give_up;
		if (now >= next && mb_voice_next_deadline(sp->voice) == INT64_MAX)
			break;
		if (next > now) {
			struct timespec ts = mb_clock_timespec(next - now);
			nanosleep(&ts, NULL);
		}
		if (stop_signal)
			break;
		dispatch(sp);
	}
}

int mb_cmd_speak(int argc, char **argv)
{
	static const struct option options[] = {
		{ "minutes", required_argument, NULL, 'm' },
		{ "time-scale", required_argument, NULL, OPT_TIME_SCALE },
		{ "voice", optional_argument, NULL, OPT_VOICE },
		{ "voice-language", required_argument, NULL, OPT_VOICE_LANGUAGE },
		{ "quiet", no_argument, NULL, OPT_QUIET },
		{ "expect-total-us", required_argument, NULL, OPT_TOTAL },
		{ 0 },
	};
	/* 0 unless --minutes gives a length, as `now` passes it on (see mb_args_minutes_level()). */
	double minutes = 0, scale = 1.0;
	struct mb_speech_voice which = { 0 };
	bool quiet = false;
	long long expect_total = -1;
	int opt;
	opterr = 0;
	optind = 1;
	const char *short_options = "m:";
	while ((opt = getopt_long(argc, argv, short_options, options, NULL)) != -1) {
		switch (opt) {
		case 'm':
			if (!mb_args_number("now", "--minutes", optarg, 120, &minutes)) {
				report("usage");
				return MB_EXIT_USAGE;
			}
			break;
		case OPT_TIME_SCALE:
			if (!mb_args_number("now", "--time-scale", optarg, 10000, &scale)) {
				report("usage");
				return MB_EXIT_USAGE;
			}
			break;
		case OPT_VOICE:
			if (optarg)
				which.name = optarg;
			break;
		case OPT_VOICE_LANGUAGE:
			which.language = optarg;
			break;
		case OPT_QUIET:
			quiet = true;
			break;
		case OPT_TOTAL:
			expect_total = strtoll(optarg, NULL, 10);
			break;
		default:
			report("usage");
			return mb_args_bad_option("now", short_options, options, optopt,
				argv[optind - 1]);
		}
	}
	const char *name = optind < argc ? argv[optind] : NULL;
	int code = MB_EXIT_OK;
	struct mb_routine *routine = mb_catalog_load(name, &code);
	if (!routine) {
		report(code == MB_EXIT_USAGE ? "usage" : "fail");
		return code;
	}
	/* `now` has said already what the routine runs instead of the minutes asked. */
	struct mb_timeline *tl = mb_timeline_create(routine,
		mb_args_minutes_level(NULL, routine, minutes));
	struct mb_speech *speech = NULL;
	struct mb_voice *voice = NULL;
	if (!tl) {
		fprintf(stderr, "movebreak: out of memory\n");
		report("fail");
		code = MB_EXIT_FAILURE;
		goto out;
	}
	if (expect_total >= 0 && expect_total != tl->total_us) {
		fprintf(stderr,
			"movebreak: the routine changed on disk; the break goes on without voice\n");
		report("fail");
		code = MB_EXIT_FAILURE;
		goto out;
	}
	int error = 0;
	char why[256] = "";
	const char *fake_log = getenv("MOVEBREAK_SPEECH_LOG");
	if (fake_log && fake_log[0])
		speech = mb_speech_fake_create();
	else
		speech = mb_speech_espeak_create(&which, true, &error, why, sizeof(why));
	if (!speech) {
		fprintf(stderr, "movebreak now: %s\n", why[0] ? why : strerror(-error));
		code = error == -EINVAL ? MB_EXIT_USAGE : MB_EXIT_FAILURE;
		report(code == MB_EXIT_USAGE ? "usage" : "fail");
		goto out;
	}
	voice = mb_voice_create(speech,
		&(struct mb_voice_options){ .time_scale = scale, .step_sound = !quiet });
	if (!voice) {
		fprintf(stderr, "movebreak: out of memory\n");
		report("fail");
		code = MB_EXIT_FAILURE;
		goto out;
	}

	/* Ctrl-C reaches the whole process group: the coach decides, and closes our input. */
	signal(SIGINT, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	struct sigaction sa = { .sa_handler = on_signal };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);

	struct speaker sp = { .voice = voice, .tl = tl };
	/* Say now, before the coach takes the screen, that nobody will hear it. */
	if (mb_speech_play(speech, NULL, 0) == -ENODEV) {
		fprintf(stderr, "movebreak: no sound device; the break goes on without voice\n");
		sp.warned = true;
	}
	report("ok");
	run(&sp);
	if (fake_log && fake_log[0]) {
		FILE *f = fopen(fake_log, "w");
		if (f) {
			fputs(mb_speech_fake_log(speech), f);
			fclose(f);
		}
	}
out:
	mb_voice_destroy(voice);
	mb_speech_destroy(speech);
	mb_timeline_destroy(tl);
	mb_routine_destroy(routine);
	return code;
}
