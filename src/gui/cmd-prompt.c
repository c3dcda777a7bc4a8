/*
 * `movebreak-gui prompt`: the daemon's prompt as a small window of its own, for desktops with
 * no notification server. It offers what a notification offers and answers by its exit code;
 * it never takes the keyboard from what the user is typing into.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include <gtk/gtk.h>
#ifdef GDK_WINDOWING_X11
#include <X11/Xutil.h>
#include <gdk/x11/gdkx.h>
#endif

#include "app/args.h"
#include "app/exit.h"
#include "desktop/notify.h"
#include "gui/commands.h"

static const char usage[] =
	"Usage: movebreak-gui prompt --title TEXT [--body TEXT]\n"
	"\n"
	"Show a break prompt in a small window, for desktops without a notification\n"
	"server; the daemon runs it. The answer is the exit code: "
	"10 Start, 11 In 5 minutes, 12 Skip, 13 closed.\n"
	"\n"
	"  -t, --title TEXT  the prompt's title\n"
	"  -b, --body TEXT   the lines under it\n"
	"  -h, --help        show this help\n";

struct prompt {
	GMainLoop *loop;
	int answer;
};

static void answer(struct prompt *p, int code)
{
	if (p->answer == 0)
		p->answer = code;
	g_main_loop_quit(p->loop);
}

static void on_start(GtkButton *b, gpointer data)
{
	answer(data, MB_PROMPT_EXIT_START);
}

static void on_postpone(GtkButton *b, gpointer data)
{
	answer(data, MB_PROMPT_EXIT_POSTPONE);
}

static void on_skip(GtkButton *b, gpointer data)
{
	answer(data, MB_PROMPT_EXIT_SKIP);
}

static gboolean on_close(GtkWindow *w, gpointer data)
{
	answer(data, MB_PROMPT_EXIT_DISMISSED);
	return false;
}

/*
 * Tell the window manager not to give the window the keyboard: a prompt that appears while the
 * user types must not take what they type. GTK 4 has no call for it; on X11 the WM_HINTS input
 * field says it, and Wayland compositors do not hand focus to a window that did not ask. GDK
 * writes the hints itself as it maps the window, so this runs when it is realized and again
 * once it is mapped, keeping GDK's other hints.
 */
static void refuse_focus(GtkWidget *win, gpointer data)
{
#ifdef GDK_WINDOWING_X11
	GdkSurface *surface = gtk_native_get_surface(GTK_NATIVE(win));
	if (GDK_IS_X11_SURFACE(surface)) {
		Display *dpy = GDK_SURFACE_XDISPLAY(surface);
		Window xid = gdk_x11_surface_get_xid(surface);
		XWMHints *hints = XGetWMHints(dpy, xid);
		XWMHints fresh = { 0 };
		XWMHints *h = hints ? hints : &fresh;
		h->flags |= InputHint;
		h->input = False;
		XSetWMHints(dpy, xid, h);
		XFlush(dpy);
		if (hints)
			XFree(hints);
	}
#endif
}

static GtkWidget *action_button(const char *label, GCallback cb, struct prompt *p)
{
	GtkWidget *b = gtk_button_new_with_label(label);
	gtk_widget_set_focusable(b, false);
	gtk_widget_set_hexpand(b, true);
	g_signal_connect(b, "clicked", cb, p);
	return b;
}

int mb_cmd_prompt(int argc, char **argv)
{
	static const struct option options[] = {
		{ "title", required_argument, NULL, 't' },
		{ "body", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const char short_options[] = ":t:b:h";
	const char *title = NULL, *body = "";
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, short_options, options, NULL)) != -1) {
		switch (c) {
		case 't':
			title = optarg;
			break;
		case 'b':
			body = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return MB_EXIT_OK;
		default:
			return mb_args_bad_option("prompt", short_options, options, optopt,
				argv[optind - 1]);
		}
	}
	if (!title || optind < argc) {
		fprintf(stderr, "movebreak-gui prompt: %s\n",
			title ? "takes no other arguments" : "--title is needed");
		fputs(usage, stderr);
		return MB_EXIT_USAGE;
	}
	if (!gtk_init_check()) {
		fprintf(stderr, "movebreak-gui prompt: cannot open the display\n");
		return MB_EXIT_FAILURE;
	}
	struct prompt p = { .loop = g_main_loop_new(NULL, FALSE) };
	GtkWidget *win = gtk_window_new();
	gtk_window_set_title(GTK_WINDOW(win), title);
	gtk_window_set_resizable(GTK_WINDOW(win), false);
	gtk_window_set_default_size(GTK_WINDOW(win), 380, -1);
	g_signal_connect(win, "realize", G_CALLBACK(refuse_focus), NULL);
	g_signal_connect_after(win, "map", G_CALLBACK(refuse_focus), NULL);
	g_signal_connect(win, "close-request", G_CALLBACK(on_close), &p);

	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 8);
	gtk_widget_set_margin_start(box, 16);
	gtk_widget_set_margin_end(box, 16);
	gtk_widget_set_margin_top(box, 14);
	gtk_widget_set_margin_bottom(box, 14);
	gtk_window_set_child(GTK_WINDOW(win), box);
	GtkWidget *heading = gtk_label_new(NULL);
	char *markup = g_markup_printf_escaped("<b>%s</b>", title);
	gtk_label_set_markup(GTK_LABEL(heading), markup);
	g_free(markup);
	gtk_widget_set_halign(heading, GTK_ALIGN_START);
	gtk_box_append(GTK_BOX(box), heading);
	if (body[0]) {
		GtkWidget *text = gtk_label_new(body);
		gtk_label_set_wrap(GTK_LABEL(text), true);
		gtk_label_set_xalign(GTK_LABEL(text), 0);
		gtk_box_append(GTK_BOX(box), text);
	}
	/* One row of equal buttons along the bottom, Start first. */
	GtkWidget *row = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 8);
	gtk_box_set_homogeneous(GTK_BOX(row), true);
	gtk_widget_set_margin_top(row, 6);
	gtk_box_append(GTK_BOX(row), action_button("Start", G_CALLBACK(on_start), &p));
	gtk_box_append(GTK_BOX(row), action_button("In 5 minutes", G_CALLBACK(on_postpone), &p));
	gtk_box_append(GTK_BOX(row), action_button("Skip", G_CALLBACK(on_skip), &p));
	gtk_box_append(GTK_BOX(box), row);

	gtk_window_present(GTK_WINDOW(win));
	g_main_loop_run(p.loop);
	gtk_window_destroy(GTK_WINDOW(win));
	g_main_loop_unref(p.loop);
	return p.answer ? p.answer : MB_PROMPT_EXIT_DISMISSED;
}
