/* Building the break window: the figure beside the stage, the texts, the bar and the buttons. */
#include <stdbool.h>

#include <gtk/gtk.h>

#include "gui/window-build.h"
#include "gui/window-draw.h"
#include "gui/window.h"

static GtkWidget *button(const char *label)
{
	GtkWidget *b = gtk_button_new_with_label(label);
	/* Keys belong to the window; a focused button must not eat space. */
	gtk_widget_set_focus_on_click(b, false);
	gtk_widget_set_size_request(b, 110, -1);
	return b;
}

static GtkWidget *wrapped_label(void)
{
	GtkWidget *l = gtk_label_new(NULL);
	gtk_label_set_wrap(GTK_LABEL(l), true);
	gtk_label_set_justify(GTK_LABEL(l), GTK_JUSTIFY_CENTER);
	gtk_widget_set_halign(l, GTK_ALIGN_CENTER);
	return l;
}

void mb_window_build(struct mb_window *w, bool fullscreen)
{
	w->win = gtk_window_new();
	char *title = g_strdup_printf("%s \u2014 movebreak", w->title);
	gtk_window_set_title(GTK_WINDOW(w->win), title);
	g_free(title);
	gtk_window_set_default_size(GTK_WINDOW(w->win), 1000, 720);

	GtkWidget *overlay = gtk_overlay_new();
	gtk_window_set_child(GTK_WINDOW(w->win), overlay);
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 12);
	gtk_widget_set_margin_start(box, 32);
	gtk_widget_set_margin_end(box, 32);
	gtk_widget_set_margin_top(box, 20);
	gtk_widget_set_margin_bottom(box, 20);
	gtk_overlay_set_child(GTK_OVERLAY(overlay), box);

	w->header = gtk_label_new(NULL);
	gtk_widget_set_halign(w->header, GTK_ALIGN_START);
	gtk_label_set_ellipsize(GTK_LABEL(w->header), PANGO_ELLIPSIZE_END);
	gtk_box_append(GTK_BOX(box), w->header);

	GtkWidget *middle = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 24);
	gtk_widget_set_vexpand(middle, true);
	gtk_box_set_homogeneous(GTK_BOX(middle), true);
	w->figure = gtk_drawing_area_new();
	gtk_widget_set_size_request(w->figure, 260, 260);
	gtk_widget_set_hexpand(w->figure, true);
	gtk_drawing_area_set_draw_func(GTK_DRAWING_AREA(w->figure), mb_window_draw_figure, w, NULL);
	w->stage = gtk_drawing_area_new();
	gtk_widget_set_size_request(w->stage, 260, 260);
	gtk_widget_set_hexpand(w->stage, true);
	gtk_drawing_area_set_draw_func(GTK_DRAWING_AREA(w->stage), mb_window_draw_stage, w, NULL);
	gtk_box_append(GTK_BOX(middle), w->figure);
	gtk_box_append(GTK_BOX(middle), w->stage);
	gtk_box_append(GTK_BOX(box), middle);

	w->text = wrapped_label();
	gtk_box_append(GTK_BOX(box), w->text);
	w->purpose = wrapped_label();
	gtk_widget_add_css_class(w->purpose, "dim-label");
	gtk_label_set_max_width_chars(GTK_LABEL(w->purpose), 90);
	gtk_box_append(GTK_BOX(box), w->purpose);
	w->status = wrapped_label();
	gtk_widget_add_css_class(w->status, "error");
	gtk_widget_set_visible(w->status, false);
	gtk_box_append(GTK_BOX(box), w->status);

	GtkWidget *bar = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12);
	w->progress = gtk_progress_bar_new();
	gtk_widget_set_hexpand(w->progress, true);
	gtk_widget_set_valign(w->progress, GTK_ALIGN_CENTER);
	w->clock = gtk_label_new(NULL);
	gtk_box_append(GTK_BOX(bar), w->progress);
	gtk_box_append(GTK_BOX(bar), w->clock);
	gtk_box_append(GTK_BOX(box), bar);

	GtkWidget *buttons = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12);
	gtk_widget_set_halign(buttons, GTK_ALIGN_CENTER);
	w->back_button = button("Previous");
	w->pause_button = button("Pause");
	w->next_button = button("Next");
	w->postpone_button = button("Postpone");
	w->skip_button = button("Skip");
	gtk_widget_add_css_class(w->pause_button, "suggested-action");
	gtk_box_append(GTK_BOX(buttons), w->back_button);
	gtk_box_append(GTK_BOX(buttons), w->pause_button);
	gtk_box_append(GTK_BOX(buttons), w->next_button);
	gtk_box_append(GTK_BOX(buttons), w->postpone_button);
	gtk_box_append(GTK_BOX(buttons), w->skip_button);
	gtk_widget_set_visible(w->postpone_button, w->from_prompt);
	gtk_box_append(GTK_BOX(box), buttons);

	/* The question before ending early, over the middle of the window. */
	w->ask_box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 16);
	gtk_widget_add_css_class(w->ask_box, "background");
	gtk_widget_add_css_class(w->ask_box, "frame");
	gtk_widget_set_halign(w->ask_box, GTK_ALIGN_CENTER);
	gtk_widget_set_valign(w->ask_box, GTK_ALIGN_CENTER);
	GtkWidget *inner = gtk_box_new(GTK_ORIENTATION_VERTICAL, 16);
	gtk_widget_set_margin_start(inner, 32);
	gtk_widget_set_margin_end(inner, 32);
	gtk_widget_set_margin_top(inner, 24);
	gtk_widget_set_margin_bottom(inner, 24);
	gtk_box_append(GTK_BOX(w->ask_box), inner);
	w->ask_label = wrapped_label();
	gtk_box_append(GTK_BOX(inner), w->ask_label);
	GtkWidget *answers = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12);
	gtk_widget_set_halign(answers, GTK_ALIGN_CENTER);
	w->ask_no = gtk_button_new_with_label("Keep going");
	w->ask_yes = gtk_button_new_with_label("End break");
	gtk_widget_add_css_class(w->ask_yes, "destructive-action");
	gtk_box_append(GTK_BOX(answers), w->ask_no);
	gtk_box_append(GTK_BOX(answers), w->ask_yes);
	gtk_box_append(GTK_BOX(inner), answers);
	gtk_widget_set_visible(w->ask_box, false);
	gtk_overlay_add_overlay(GTK_OVERLAY(overlay), w->ask_box);

	if (fullscreen)
		gtk_window_fullscreen(GTK_WINDOW(w->win));
}
