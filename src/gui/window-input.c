/* The break window's keys and buttons: pause, next, back, postpone, skip, end early. */
#include <gtk/gtk.h>

#include "core/coaching.h"
#include "gui/window-ask.h"
#include "gui/window-daemon.h"
#include "gui/window-input.h"
#include "gui/window-tick.h"
#include "gui/window.h"
#include "platform/clock.h"

static void act_pause(struct mb_window *w)
{
	if (w->done || w->asking)
		return;
	mb_coaching_toggle_pause(&w->coaching, mb_clock_monotonic_us());
	mb_window_refresh(w);
}

static void act_next(struct mb_window *w)
{
	if (w->done) {
		mb_window_quit(w);
		return;
	}
	if (w->asking)
		return;
	mb_coaching_next(&w->coaching, mb_clock_monotonic_us());
	w->voice_resync = true;
	mb_window_refresh(w);
}

static void act_back(struct mb_window *w)
{
	if (w->done || w->asking)
		return;
	mb_coaching_back(&w->coaching, mb_clock_monotonic_us());
	w->voice_resync = true;
	mb_window_refresh(w);
}

static void on_pause_clicked(GtkButton *button, gpointer data)
{
	act_pause(data);
}

static void on_next_clicked(GtkButton *button, gpointer data)
{
	act_next(data);
}

static void on_back_clicked(GtkButton *button, gpointer data)
{
	act_back(data);
}

static void on_postpone_clicked(GtkButton *button, gpointer data)
{
	mb_window_postpone(data);
}

static void on_skip_clicked(GtkButton *button, gpointer data)
{
	mb_window_ask(data, MB_WINDOW_ASK_SKIP);
}

static void on_ask_yes(GtkButton *button, gpointer data)
{
	mb_window_answer(data, true);
}

static void on_ask_no(GtkButton *button, gpointer data)
{
	mb_window_answer(data, false);
}

static gboolean on_key(GtkEventControllerKey *controller, guint keyval, guint keycode,
	GdkModifierType state, gpointer data)
{
	struct mb_window *w = data;
	if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
		return FALSE;
	if (w->asking) {
		if (keyval == GDK_KEY_Escape || keyval == GDK_KEY_n || keyval == GDK_KEY_N) {
			mb_window_answer(w, false);
			return TRUE;
		}
		if (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_y ||
			keyval == GDK_KEY_Y) {
			mb_window_answer(w, true);
			return TRUE;
		}
		/* Tab and space move between and press the question's buttons. */
		return FALSE;
	}
	if (w->done) {
		mb_window_quit(w);
		return TRUE;
	}
	switch (keyval) {
	case GDK_KEY_space:
	case GDK_KEY_KP_Space:
		act_pause(w);
		return TRUE;
	case GDK_KEY_n:
	case GDK_KEY_N:
	case GDK_KEY_Right:
		act_next(w);
		return TRUE;
	case GDK_KEY_p:
	case GDK_KEY_P:
	case GDK_KEY_Left:
		act_back(w);
		return TRUE;
	case GDK_KEY_l:
	case GDK_KEY_L:
		mb_window_postpone(w);
		return TRUE;
	case GDK_KEY_s:
	case GDK_KEY_S:
		mb_window_ask(w, MB_WINDOW_ASK_SKIP);
		return TRUE;
	case GDK_KEY_Escape:
	case GDK_KEY_q:
	case GDK_KEY_Q:
		mb_window_ask(w, MB_WINDOW_ASK_QUIT);
		return TRUE;
	default:
		return FALSE;
	}
}

static gboolean on_close_request(GtkWindow *win, gpointer data)
{
	struct mb_window *w = data;
	if (w->done || w->ended) {
		mb_window_quit(w);
		return FALSE;
	}
	mb_window_ask(w, MB_WINDOW_ASK_QUIT);
	return TRUE;
}

void mb_window_input_attach(struct mb_window *w)
{
	g_signal_connect(w->win, "close-request", G_CALLBACK(on_close_request), w);
	g_signal_connect(w->back_button, "clicked", G_CALLBACK(on_back_clicked), w);
	g_signal_connect(w->pause_button, "clicked", G_CALLBACK(on_pause_clicked), w);
	g_signal_connect(w->next_button, "clicked", G_CALLBACK(on_next_clicked), w);
	g_signal_connect(w->postpone_button, "clicked", G_CALLBACK(on_postpone_clicked), w);
	g_signal_connect(w->skip_button, "clicked", G_CALLBACK(on_skip_clicked), w);
	g_signal_connect(w->ask_no, "clicked", G_CALLBACK(on_ask_no), w);
	g_signal_connect(w->ask_yes, "clicked", G_CALLBACK(on_ask_yes), w);

	GtkEventController *keys = gtk_event_controller_key_new();
	/* Capture: the window's keys work whichever widget has the focus. */
	gtk_event_controller_set_propagation_phase(keys, GTK_PHASE_CAPTURE);
	g_signal_connect(keys, "key-pressed", G_CALLBACK(on_key), w);
	gtk_widget_add_controller(w->win, keys);
}
