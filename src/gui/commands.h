/* The commands of movebreak-gui; each returns the process exit code. */
#ifndef MB_GUI_COMMANDS_H
#define MB_GUI_COMMANDS_H

/* The same exit codes as movebreak's command-line contract. */
#define MB_GUI_EXIT_OK 0
#define MB_GUI_EXIT_FAILURE 1
#define MB_GUI_EXIT_USAGE 2

/* argv[0] is the command's name; options follow, as `movebreak COMMAND` got them. */

/** `movebreak now --gui`: coach a break in a GTK window (src/gui/window.c). */
int mb_gui_window(int argc, char **argv);

/** `render`: one frame of the coached figure to a PNG or SVG file (src/render/cmd-render.c). */
int mb_cmd_render(int argc, char **argv);

/** `movebreak now --voice-out FILE`: the guided audio track as WAV (src/voice/cmd-voice-out.c). */
int mb_cmd_voice_out(int argc, char **argv);

/** `speak`: the terminal coach's voice, cues read from stdin (src/voice/cmd-speak.c). */
int mb_cmd_speak(int argc, char **argv);

/** `movebreak stats --plot FILE`: breaks per day and active time as PNG or SVG (plot-stats.c). */
int mb_gui_stats_plot(int argc, char **argv);

#endif
