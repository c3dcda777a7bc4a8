/* A compositor with a seat and nothing else but, optionally, ext-idle-notify-v1, for tests. */
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wayland-server.h>

#include "ext-idle-notify-v1-server-protocol.h"

/*
 * Usage: wayland-fake-compositor SOCKET ext|bare
 * Listens on SOCKET in XDG_RUNTIME_DIR, prints "ready" once clients can
 * connect, and runs until SIGTERM. "ext" offers ext_idle_notifier_v1 and
 * counts SIGUSR1 as input on the seat; "bare" offers only the seat. sway
 * 1.7 offers only KDE's older protocol, so this is where the newer one runs.
 */

struct notification {
	struct wl_resource *resource;
	struct wl_event_source *timer;
	struct wl_list link;
	uint32_t timeout_ms;
	bool idle;
};

static struct wl_list notifications;

static int handle_timer(void *data)
{
	struct notification *n = data;
	n->idle = true;
	ext_idle_notification_v1_send_idled(n->resource);
	return 0;
}

static int handle_input(int signal_number, void *data)
{
	struct notification *n;
	wl_list_for_each(n, &notifications, link)
	{
		if (n->idle)
			ext_idle_notification_v1_send_resumed(n->resource);
		n->idle = false;
		wl_event_source_timer_update(n->timer, n->timeout_ms);
	}
	return 0;
}

static int handle_terminate(int signal_number, void *data)
{
	wl_display_terminate(data);
	return 0;
}

static void destroy_resource(struct wl_client *client, struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static const struct ext_idle_notification_v1_interface notification_impl = {
	.destroy = destroy_resource,
};

static void free_notification(struct wl_resource *resource)
{
	struct notification *n = wl_resource_get_user_data(resource);
	wl_event_source_remove(n->timer);
	wl_list_remove(&n->link);
	free(n);
}

static void get_idle_notification(struct wl_client *client, struct wl_resource *resource,
	uint32_t id, uint32_t timeout_ms, struct wl_resource *seat)
{
	struct notification *n = calloc(1, sizeof(*n));
	if (!n) {
		wl_client_post_no_memory(client);
		return;
	}
	n->resource = wl_resource_create(client, &ext_idle_notification_v1_interface,
		wl_resource_get_version(resource), id);
	n->timeout_ms = timeout_ms;
	n->timer = wl_event_loop_add_timer(wl_display_get_event_loop(wl_client_get_display(client)),
		handle_timer, n);
	wl_resource_set_implementation(n->resource, &notification_impl, n, free_notification);
	wl_list_insert(&notifications, &n->link);
	wl_event_source_timer_update(n->timer, timeout_ms);
}

static const struct ext_idle_notifier_v1_interface notifier_impl = {
	.destroy = destroy_resource,
	.get_idle_notification = get_idle_notification,
};

static void bind_notifier(struct wl_client *client, void *data, uint32_t version, uint32_t id)
{
	struct wl_resource *resource = wl_resource_create(client, &ext_idle_notifier_v1_interface,
		version, id);
	wl_resource_set_implementation(resource, &notifier_impl, NULL, NULL);
}

/* The client only names the seat; a seat with no devices needs no requests answered. */
static void bind_seat(struct wl_client *client, void *data, uint32_t version, uint32_t id)
{
	struct wl_resource *resource = wl_resource_create(client, &wl_seat_interface, version, id);
	wl_resource_set_implementation(resource, NULL, NULL, NULL);
	wl_seat_send_capabilities(resource, 0);
}

int main(int argc, char **argv)
{
	if (argc != 3 || (strcmp(argv[2], "ext") != 0 && strcmp(argv[2], "bare") != 0)) {
		fprintf(stderr, "usage: %s SOCKET ext|bare\n", argv[0]);
		return 64;
	}
	wl_list_init(&notifications);
	struct wl_display *display = wl_display_create();
	if (!display || wl_display_add_socket(display, argv[1]) < 0) {
		fprintf(stderr, "cannot listen on %s\n", argv[1]);
		return 1;
	}
	struct wl_event_loop *loop = wl_display_get_event_loop(display);
	wl_global_create(display, &wl_seat_interface, 1, NULL, bind_seat);
	if (strcmp(argv[2], "ext") == 0)
		wl_global_create(display, &ext_idle_notifier_v1_interface, 1, NULL, bind_notifier);
	struct wl_event_source *input = wl_event_loop_add_signal(loop, SIGUSR1, handle_input, NULL);
	struct wl_event_source *term = wl_event_loop_add_signal(loop, SIGTERM, handle_terminate,
		display);
	printf("ready\n");
	fflush(stdout);
	wl_display_run(display);
	wl_display_destroy_clients(display);
	wl_event_source_remove(input);
	wl_event_source_remove(term);
	wl_display_destroy(display);
	return 0;
}
