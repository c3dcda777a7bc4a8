/* The break window's voice: espeak-ng (or the fake speech) told where the break is. */
#ifndef MB_GUI_WINDOW_VOICE_H
#define MB_GUI_WINDOW_VOICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gui/window.h"

/**
 * Start the voice: espeak-ng with voice name and language (either may be
 * NULL or empty for its default), or, when MOVEBREAK_SPEECH_LOG names a
 * file (for tests), the fake speech that logs what it would say. sound adds
 * the step sound; scale is the break's time scale. Says on stderr when
 * there is no sound device. Returns an exit code: MB_EXIT_USAGE for a voice
 * or language espeak-ng does not know, MB_EXIT_FAILURE when it cannot start.
 */
int mb_window_voice_start(struct mb_window *w, const char *name, const char *language, bool sound,
	double scale);

/**
 * Tell the voice where the break is (cue index, offset_us, paused) when the
 * cue, the pause or a seek (w->voice_resync) changed it since last told,
 * and keep its timer armed at its next deadline. Does nothing without a voice.
 */
void mb_window_voice_sync(struct mb_window *w, size_t cue, int64_t offset_us, bool paused);

/** Stop the voice and its timer, write the fake speech's log, free both. NULL-safe parts. */
void mb_window_voice_stop(struct mb_window *w);

#endif
