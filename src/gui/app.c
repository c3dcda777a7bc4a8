/* `movebreak app`: the movebreak window, one GtkApplication, its pages in a stack with a sidebar. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gtk/gtk.h>

#include "app/args.h"
#include "gui/app.h"
#include "gui/commands.h"
#include "gui/window-theme.h"

#define APP_ID "io.github.movebreak"

static const char usage[] =
	"Usage: movebreak app [--page today|routines|history|settings]\n"
	"\n"
	"Open the movebreak window: the daemon's state and today's breaks, the\n"
	"routines with their figures, the history, and the settings of config.ini.\n"
	"A second 'movebreak app' raises the window that is open. Ctrl+Q or Ctrl+W\n"
	"closes it.\n"
	"\n"
	"      --page NAME   the page to show first (default today; settings when\n"
	"                    config.ini has a problem)\n"
	"  -h, --help        show this help\n";

/* Small pieces of styling GTK's theme does not have: page headings, the calendar's frame. */
static const char css[] = ".mb-heading { font-weight: bold; font-size: 140%; }\n"
			  ".mb-big { font-size: 125%; }\n"
			  ".mb-section { font-weight: bold; margin-top: 12px; }\n"
			  "entry.error { border-color: @error_color; }\n";

struct run {
	struct mb_app app;
	const char *page;
};

bool mb_app_is_dark(GtkWidget *widget)
{
	GdkRGBA fg;
#if GTK_CHECK_VERSION(4, 10, 0)
	gtk_widget_get_color(widget, &fg);
#else
	gtk_style_context_get_color(gtk_widget_get_style_context(widget), &fg);
#endif
	return 0.2126 * fg.red + 0.7152 * fg.green + 0.0722 * fg.blue > 0.5;
}

void mb_app_name(GtkWidget *widget, const char *name)
{
	/* A mnemonic label also labels its button, and GTK 4.8 would read both: one name only. */
	gtk_accessible_reset_relation(GTK_ACCESSIBLE(widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
	gtk_accessible_update_property(GTK_ACCESSIBLE(widget), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
		-1);
}

void mb_app_status(GtkWidget *label, const char *text, bool error)
{
	gtk_label_set_text(GTK_LABEL(label), text);
	gtk_widget_set_visible(label, text[0] != '\0');
	if (error)
		gtk_widget_add_css_class(label, "error");
	else
		gtk_widget_remove_css_class(label, "error");
}

/* In the grandchild, before exec: leave the window's session, so closing it leaves this be. */
static void new_session(gpointer data)
{
	(void)data;
	setsid();
}

bool mb_app_spawn_detached(char **argv, char **why)
{
	char *self = g_file_read_link("/proc/self/exe", NULL);
	char *sibling = NULL;
	if (self && strcmp(argv[0], "movebreak") == 0) {
		char *dir = g_path_get_dirname(self);
		sibling = g_build_filename(dir, "movebreak", NULL);
		g_free(dir);
		if (!g_file_test(sibling, G_FILE_TEST_IS_EXECUTABLE))
			g_clear_pointer(&sibling, g_free);
	}
	g_free(self);
	char *first = argv[0];
	if (sibling)
		argv[0] = sibling;
	GError *error = NULL;
	/* Without G_SPAWN_DO_NOT_REAP_CHILD GLib forks twice, so init reaps the program. */
	bool ok = g_spawn_async(NULL, argv, NULL, G_SPAWN_SEARCH_PATH, new_session, NULL, NULL,
		&error);
	argv[0] = first;
	g_free(sibling);
	if (!ok) {
		*why = g_strdup(error->message);
		g_error_free(error);
	}
	return ok;
}

static void theme_changed(void *data)
{
	struct mb_app *app = data;
	if (app->calendar)
		gtk_widget_queue_draw(app->calendar);
	if (app->chart)
		gtk_widget_queue_draw(app->chart);
	if (app->heatmap)
		gtk_widget_queue_draw(app->heatmap);
}

static void on_page_shown(GObject *stack, GParamSpec *spec, gpointer data)
{
	(void)spec;
	struct mb_app *app = data;
	const char *name = gtk_stack_get_visible_child_name(GTK_STACK(stack));
	/* A page shows the history as it is when it is opened. */
	if (name && strcmp(name, "today") == 0)
		mb_app_today_refresh(app);
	else if (name && strcmp(name, "history") == 0)
		mb_app_history_refresh(app);
}

/* A page that does not scroll a part of itself scrolls as a whole. */
static void add_page(struct mb_app *app, GtkWidget *page, const char *name, const char *title,
	bool scrolls)
{
	if (scrolls) {
		gtk_stack_add_titled(app->stack, page, name, title);
		return;
	}
	GtkWidget *scroll = gtk_scrolled_window_new();
	gtk_scrolled_window_set_policy(GTK_SCROLLED_WINDOW(scroll), GTK_POLICY_NEVER,
		GTK_POLICY_AUTOMATIC);
	gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroll), page);
	gtk_widget_set_margin_start(page, 24);
	gtk_widget_set_margin_end(page, 24);
	gtk_widget_set_margin_top(page, 18);
	gtk_widget_set_margin_bottom(page, 18);
	gtk_stack_add_titled(app->stack, scroll, name, title);
}

static void build(struct run *run)
{
	struct mb_app *app = &run->app;
	GtkCssProvider *provider = gtk_css_provider_new();
	gtk_css_provider_load_from_data(provider, css, -1);
	gtk_style_context_add_provider_for_display(gdk_display_get_default(),
		GTK_STYLE_PROVIDER(provider), GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
	g_object_unref(provider);
	app->theme_bus = mb_gui_follow_color_scheme(theme_changed, app);

	app->window = GTK_WINDOW(gtk_application_window_new(app->gtk));
	gtk_window_set_title(app->window, "movebreak");
	gtk_window_set_default_size(app->window, 980, 720);
	gtk_window_set_icon_name(app->window, "io.github.movebreak");

	app->stack = GTK_STACK(gtk_stack_new());
	gtk_stack_set_transition_type(app->stack, GTK_STACK_TRANSITION_TYPE_NONE);
	bool file_bad = false;
	add_page(app, mb_app_today_page(app), "today", "Today", false);
	add_page(app, mb_app_routines_page(app), "routines", "Routines", false);
	add_page(app, mb_app_history_page(app), "history", "History", false);
	add_page(app, mb_app_settings_page(app, &file_bad), "settings", "Settings", true);

	GtkWidget *sidebar = gtk_stack_sidebar_new();
	gtk_stack_sidebar_set_stack(GTK_STACK_SIDEBAR(sidebar), app->stack);
	gtk_widget_set_size_request(sidebar, 160, -1);
	mb_app_name(sidebar, "Pages");
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 0);
	gtk_box_append(GTK_BOX(box), sidebar);
	gtk_box_append(GTK_BOX(box), gtk_separator_new(GTK_ORIENTATION_VERTICAL));
	GtkWidget *stack = GTK_WIDGET(app->stack);
	gtk_widget_set_hexpand(stack, true);
	gtk_box_append(GTK_BOX(box), stack);
	gtk_window_set_child(app->window, box);

	const char *page = file_bad ? "settings" : run->page ? run->page : "today";
	gtk_stack_set_visible_child_name(app->stack, page);
	g_signal_connect(app->stack, "notify::visible-child", G_CALLBACK(on_page_shown), app);
	mb_app_today_refresh(app);
}

static void on_quit(GSimpleAction *action, GVariant *param, gpointer data)
{
	(void)action;
	(void)param;
	g_application_quit(G_APPLICATION(data));
}

static void on_startup(GApplication *gtk, gpointer data)
{
	(void)data;
	GSimpleAction *quit = g_simple_action_new("quit", NULL);
	g_signal_connect(quit, "activate", G_CALLBACK(on_quit), gtk);
	g_action_map_add_action(G_ACTION_MAP(gtk), G_ACTION(quit));
	g_object_unref(quit);
	static const char *const quit_keys[] = { "<Control>q", NULL };
	static const char *const close_keys[] = { "<Control>w", NULL };
	gtk_application_set_accels_for_action(GTK_APPLICATION(gtk), "app.quit", quit_keys);
	gtk_application_set_accels_for_action(GTK_APPLICATION(gtk), "window.close", close_keys);
}

GtkWidget *mb_app_left_label(const char *text, const char *css_class)
{
	GtkWidget *label = gtk_label_new(text);
	gtk_label_set_xalign(GTK_LABEL(label), 0);
	gtk_label_set_wrap(GTK_LABEL(label), true);
	if (css_class)
		gtk_widget_add_css_class(label, css_class);
	return label;
}

/* MOVEBREAK_DEBUG: say when the first frame is on screen, for bench/app.py. */
static void on_after_paint(GdkFrameClock *clock, gpointer data)
{
	fprintf(stderr, "movebreak-gui: app: first frame drawn\n");
	g_signal_handlers_disconnect_by_func(clock, G_CALLBACK(on_after_paint), data);
}

static void on_map(GtkWidget *win, gpointer data)
{
	GdkFrameClock *clock = gdk_surface_get_frame_clock(gtk_native_get_surface(GTK_NATIVE(win)));
	g_signal_connect(clock, "after-paint", G_CALLBACK(on_after_paint), NULL);
	g_signal_handlers_disconnect_by_func(win, G_CALLBACK(on_map), data);
}

static void on_activate(GtkApplication *gtk, gpointer data)
{
	struct run *run = data;
	/* A second `movebreak app` lands here in the first process: raise what is open. */
	if (!run->app.window) {
		build(run);
		const char *debug = getenv("MOVEBREAK_DEBUG");
		if (debug && debug[0] && strcmp(debug, "0") != 0)
			g_signal_connect(run->app.window, "map", G_CALLBACK(on_map), NULL);
	}
	gtk_window_present(run->app.window);
	(void)gtk;
}

static void on_shutdown(GApplication *gtk, gpointer data)
{
	(void)gtk;
	struct mb_app *app = data;
	mb_app_today_finish(app);
	mb_app_settings_finish(app);
	mb_app_routines_finish(app);
	mb_app_history_finish(app);
	g_clear_object(&app->theme_bus);
}

int mb_gui_app(int argc, char **argv)
{
	enum {
		OPT_PAGE = 256
	};
	static const struct option options[] = {
		{ "page", required_argument, NULL, OPT_PAGE },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	static const char *const pages[] = { "today", "routines", "history", "settings" };
	struct run run = { 0 };
	const char *short_options = "+h";
	int opt;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, short_options, options, NULL)) != -1) {
		switch (opt) {
		case OPT_PAGE:
			for (size_t i = 0; i < G_N_ELEMENTS(pages); i++)
				if (strcmp(optarg, pages[i]) == 0)
					run.page = pages[i];
			if (!run.page) {
				fprintf(stderr,
					"movebreak app: --page is today, routines, history or "
					"settings, not '%s'\n",
					optarg);
				return MB_EXIT_USAGE;
			}
			break;
		case 'h':
			fputs(usage, stdout);
			return MB_EXIT_OK;
		default:
			return mb_args_bad_option("app", short_options, options, optopt,
				argv[optind - 1]);
		}
	}
	if (optind < argc) {
		fprintf(stderr, "movebreak app: unexpected argument '%s'\n", argv[optind]);
		return MB_EXIT_USAGE;
	}
	/* The name the window system and the accessibility tree know the program by. */
	g_set_prgname("movebreak");
	g_set_application_name("movebreak");
	if (!gtk_init_check()) {
		fprintf(stderr, "movebreak app: no display to open the window on\n");
		return MB_EXIT_FAILURE;
	}
#if GLIB_CHECK_VERSION(2, 74, 0)
	GApplicationFlags flags = G_APPLICATION_DEFAULT_FLAGS;
#else
	GApplicationFlags flags = G_APPLICATION_FLAGS_NONE;
#endif
	run.app.gtk = gtk_application_new(APP_ID, flags);
	g_signal_connect(run.app.gtk, "startup", G_CALLBACK(on_startup), NULL);
	g_signal_connect(run.app.gtk, "activate", G_CALLBACK(on_activate), &run);
	g_signal_connect(run.app.gtk, "shutdown", G_CALLBACK(on_shutdown), &run.app);
	/* The options are read above: GApplication sees the program's name alone. */
	char *args[] = { argv[0], NULL };
	int status = g_application_run(G_APPLICATION(run.app.gtk), 1, args);
	g_object_unref(run.app.gtk);
	return status == 0 ? MB_EXIT_OK : MB_EXIT_FAILURE;
}
