/* The commands of movebreak-gui; each returns the process exit code. */
#ifndef MB_GUI_COMMANDS_H
#define MB_GUI_COMMANDS_H

#include "app/exit.h"

/* argv[0] is the command's name; options follow, as `movebreak COMMAND` got them. */

/** `movebreak now --gui`: coach a break in a GTK window (window.c). */
int mb_gui_window(int argc, char **argv);

/** `render`: one frame of the coached figure to a PNG or SVG file (cmd-render.c). */
int mb_cmd_render(int argc, char **argv);

/** `movebreak now --voice-out FILE`: the guided audio track as WAV (cmd-voice-out.c). */
int mb_cmd_voice_out(int argc, char **argv);

/** `speak`: the terminal coach's voice, cues read from stdin (cmd-speak.c). */
int mb_cmd_speak(int argc, char **argv);

/** `movebreak stats --plot FILE`: breaks per day and active time as PNG or SVG (plot-stats.c). */
int mb_gui_stats_plot(int argc, char **argv);

/** `prompt`: the daemon's prompt as a window, answered by the exit code (cmd-prompt.c). */
int mb_cmd_prompt(int argc, char **argv);

/** `movebreak app`: the movebreak window, one per session (app.c). */
int mb_gui_app(int argc, char **argv);

#endif
