/* The coach's line to its voice: a `movebreak-gui speak` process fed one line per cue change. */
#ifndef MB_COACH_VOICE_LINK_H
#define MB_COACH_VOICE_LINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mb_voice_link;

/** Why a speaker did not start. */
enum mb_voice_link_status {
	MB_VOICE_LINK_OK,
	/* A bad voice or language: the speaker printed why; the break should not start. */
	MB_VOICE_LINK_USAGE,
	/* The speaker could not run; it or this printed why. The break goes on silently. */
	MB_VOICE_LINK_FAILED,
};

/**
 * Start program with argv (argv[0] first, NULL-terminated), its standard
 * input a pipe from us and descriptor 3 its status line, and wait (a few
 * seconds at most) for it to say it is ready. Ignores SIGPIPE in this
 * process, so a speaker gone away never ends the break. Returns the link,
 * or NULL with *status saying why.
 */
struct mb_voice_link *mb_voice_link_start(const char *program, char *const argv[],
	enum mb_voice_link_status *status);

/** The break is at cue index, offset_us into the timeline. Never blocks; NULL-safe. */
void mb_voice_link_cue(struct mb_voice_link *link, size_t index, int64_t offset_us);

/** The break is paused. Never blocks; NULL-safe. */
void mb_voice_link_pause(struct mb_voice_link *link);

/**
 * Close the line; the speaker finishes the closing words of a completed
 * break, waited for at most a few seconds, then is left to exit on its own.
 * NULL-safe.
 */
void mb_voice_link_close(struct mb_voice_link *link);

#endif
