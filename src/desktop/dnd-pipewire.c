/* Do not disturb while an application records from the microphone or camera (a call), via PipeWire. */
#include <dlfcn.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <time.h>

#include <pipewire/data-loop.h>
#include <pipewire/pipewire.h>
#include <systemd/sd-event.h>

#include "desktop/dnd.h"

/* How long the first look at the registry may take before we give up on PipeWire. */
#define FIRST_LOOK_MS 2000

/*
 * An application that captures makes a stream node of class
 * Stream/Input/Audio or Stream/Input/Video, and keeps it while it records.
 * The registry announces nodes as they come and go, with their properties,
 * so we count those nodes without binding to any of them.
 */
/*
 * libpipewire's entry points, looked up when a PipeWire server is there to
 * talk to, so a daemon on a machine without PipeWire never maps the library
 * (it would be most of the daemon's own memory). The rest of the API we use
 * is inline or macros over these objects' method tables.
 */
struct pipewire_api {
	void *handle;
	void (*init)(int *argc, char **argv[]);
	void (*deinit)(void);
	struct pw_loop *(*loop_new)(const struct spa_dict *props);
	void (*loop_destroy)(struct pw_loop *loop);
	struct pw_context *(*context_new)(struct pw_loop *loop, struct pw_properties *props,
		size_t user_data_size);
	void (*context_destroy)(struct pw_context *context);
	struct pw_core *(*context_connect)(struct pw_context *context, struct pw_properties *props,
		size_t user_data_size);
	struct pw_data_loop *(*context_get_data_loop)(struct pw_context *context);
	int (*data_loop_stop)(struct pw_data_loop *loop);
	int (*core_disconnect)(struct pw_core *core);
	void (*proxy_destroy)(struct pw_proxy *proxy);
};

struct pipewire_source {
	struct mb_dnd_source base;
	struct pipewire_api pw;
	struct pw_loop *loop;
	struct pw_context *context;
	struct pw_core *core;
	struct pw_registry *registry;
	struct spa_hook core_listener, registry_listener;
	sd_event_source *io;
	/* The registry ids of the capture streams there now. */
	uint32_t *streams;
	size_t streams_len, streams_cap;
	int sync_seq;
	bool synced, lost, initialized;
};

static const struct mb_dnd_source_impl impl;

static void report(struct pipewire_source *p)
{
	bool on = !p->lost && p->streams_len > 0;
	if (on == p->base.on)
		return;
	p->base.on = on;
	/* Before the first look is over, the state is read, not reported. */
	if (p->synced)
		p->base.listener->changed(p->base.data, p->base.impl->name, on);
}

static bool is_capture(const struct spa_dict *props)
{
	const char *class = props ? spa_dict_lookup(props, PW_KEY_MEDIA_CLASS) : NULL;
	return class &&
		(strcmp(class, "Stream/Input/Audio") == 0 ||
			strcmp(class, "Stream/Input/Video") == 0);
}

static void on_global(void *data, uint32_t id, uint32_t permissions, const char *type,
	uint32_t version, const struct spa_dict *props)
{
	struct pipewire_source *p = data;
	if (strcmp(type, PW_TYPE_INTERFACE_Node) != 0 || !is_capture(props))
		return;
	if (p->streams_len == p->streams_cap) {
		size_t cap = p->streams_cap ? p->streams_cap * 2 : 8;
		uint32_t *grown = realloc(p->streams, cap * sizeof(*grown));
		/* Out of memory: this stream goes uncounted, which only lets a prompt through. */
		if (!grown)
			return;
		p->streams = grown;
		p->streams_cap = cap;
	}
	p->streams[p->streams_len++] = id;
	report(p);
}

static void on_global_remove(void *data, uint32_t id)
{
	struct pipewire_source *p = data;
	for (size_t i = 0; i < p->streams_len; i++) {
		if (p->streams[i] != id)
			continue;
		p->streams[i] = p->streams[--p->streams_len];
		report(p);
		return;
	}
}

static const struct pw_registry_events registry_events = {
	PW_VERSION_REGISTRY_EVENTS,
	.global = on_global,
	.global_remove = on_global_remove,
};

static void on_done(void *data, uint32_t id, int seq)
{
	struct pipewire_source *p = data;
	if (id == PW_ID_CORE && seq == p->sync_seq)
		p->synced = true;
}

static void on_error(void *data, uint32_t id, int seq, int res, const char *message)
{
	struct pipewire_source *p = data;
	/* Errors about single objects are not ours to mind; one about the core is the connection. */
	if (id != PW_ID_CORE || p->lost)
		return;
	/* Before the first look is over, the constructor says why instead. */
	if (p->synced)
		fprintf(stderr, "movebreak daemon: lost PipeWire (%s); calls are no longer seen\n",
			message ? message : strerror(-res));
	p->lost = true;
	if (p->io)
		sd_event_source_set_enabled(p->io, SD_EVENT_OFF);
	report(p);
}

static const struct pw_core_events core_events = {
	PW_VERSION_CORE_EVENTS,
	.done = on_done,
	.error = on_error,
};

static void iterate(struct pipewire_source *p, int timeout_ms)
{
	pw_loop_enter(p->loop);
	pw_loop_iterate(p->loop, timeout_ms);
	pw_loop_leave(p->loop);
}

static int handle_io(sd_event_source *src, int fd, uint32_t revents, void *data)
{
	struct pipewire_source *p = data;
	/* The loop's fd is an epoll set: readable means one of PipeWire's own sources is ready. */
	if (!p->lost)
		iterate(p, 0);
	return 0;
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void destroy(struct mb_dnd_source *base)
{
	if (base->impl != &impl)
		return;
	struct pipewire_source *p = (struct pipewire_source *)base;
	sd_event_source_disable_unref(p->io);
	if (p->registry) {
		spa_hook_remove(&p->registry_listener);
		p->pw.proxy_destroy((struct pw_proxy *)p->registry);
	}
	if (p->core) {
		spa_hook_remove(&p->core_listener);
		p->pw.core_disconnect(p->core);
	}
	if (p->context)
		p->pw.context_destroy(p->context);
	if (p->loop)
		p->pw.loop_destroy(p->loop);
	if (p->initialized)
		p->pw.deinit();
	if (p->pw.handle)
		dlclose(p->pw.handle);
	free(p->streams);
	free(p);
}

static const struct mb_dnd_source_impl impl = {
	.name = "calls",
	.destroy = destroy,
};

/* Where libpipewire would connect: PIPEWIRE_REMOTE (a name or a path) in PipeWire's runtime dir. */
static int server_socket(char *path, size_t path_len)
{
	const char *remote = getenv("PIPEWIRE_REMOTE");
	if (!remote || !*remote)
		remote = "pipewire-0";
	if (remote[0] == '/')
		return snprintf(path, path_len, "%s", remote) < (int)path_len ? 0 : -ENAMETOOLONG;
	const char *dir = getenv("PIPEWIRE_RUNTIME_DIR");
	if (!dir || !*dir)
		dir = getenv("XDG_RUNTIME_DIR");
	if (!dir || !*dir)
		return -ENOENT;
	return snprintf(path, path_len, "%s/%s", dir, remote) < (int)path_len ? 0 : -ENAMETOOLONG;
}

#define LOOK_UP(field, symbol) (*(void **)(&api->field) = dlsym(api->handle, symbol)) != NULL

static int load_api(struct pipewire_api *api, char *why, size_t why_len)
{
	api->handle = dlopen("libpipewire-0.3.so.0", RTLD_NOW | RTLD_LOCAL);
	if (!api->handle) {
		snprintf(why, why_len, "cannot load libpipewire: %s", dlerror());
		return -ENOENT;
	}
	if (LOOK_UP(init, "pw_init") && LOOK_UP(deinit, "pw_deinit") &&
		LOOK_UP(loop_new, "pw_loop_new") && LOOK_UP(loop_destroy, "pw_loop_destroy") &&
		LOOK_UP(context_new, "pw_context_new") &&
		LOOK_UP(context_destroy, "pw_context_destroy") &&
		LOOK_UP(context_connect, "pw_context_connect") &&
		LOOK_UP(context_get_data_loop, "pw_context_get_data_loop") &&
		LOOK_UP(data_loop_stop, "pw_data_loop_stop") &&
		LOOK_UP(core_disconnect, "pw_core_disconnect") &&
		LOOK_UP(proxy_destroy, "pw_proxy_destroy"))
		return 0;
	snprintf(why, why_len, "libpipewire lacks a function: %s", dlerror());
	return -ENOENT;
}

struct mb_dnd_source *mb_dnd_pipewire_create(struct sd_event *loop,
	const struct mb_dnd_listener *listener, void *data, char *why, size_t why_len)
{
	struct pipewire_source *p = calloc(1, sizeof(*p));
	if (!p) {
		snprintf(why, why_len, "out of memory");
		return NULL;
	}
	p->base.impl = &impl;
	p->base.listener = listener;
	p->base.data = data;
	char socket_path[4096];
	struct stat st;
	if (server_socket(socket_path, sizeof(socket_path)) < 0) {
		snprintf(why, why_len, "PipeWire is not running (no runtime directory is set)");
		goto fail;
	}
	if (stat(socket_path, &st) < 0 || !S_ISSOCK(st.st_mode)) {
		snprintf(why, why_len, "PipeWire is not running (no socket at %s)", socket_path);
		goto fail;
	}
	if (load_api(&p->pw, why, why_len) < 0)
		goto fail;
	p->pw.init(NULL, NULL);
	p->initialized = true;
	p->loop = p->pw.loop_new(NULL);
	if (p->loop)
		p->context = p->pw.context_new(p->loop, NULL, 0);
	if (!p->context) {
		snprintf(why, why_len, "cannot set up a PipeWire client: %s", strerror(errno));
		goto fail;
	}
	/*
	 * The context starts a real-time data thread for media processing. We
	 * process no media, only read the registry on our own loop, so stop it
	 * and stay single-threaded.
	 */
	p->pw.data_loop_stop(p->pw.context_get_data_loop(p->context));
	p->core = p->pw.context_connect(p->context, NULL, 0);
	if (!p->core) {
		snprintf(why, why_len, "PipeWire is not running (%s)", strerror(errno));
		goto fail;
	}
	pw_core_add_listener(p->core, &p->core_listener, &core_events, p);
	p->registry = pw_core_get_registry(p->core, PW_VERSION_REGISTRY, 0);
	if (!p->registry) {
		snprintf(why, why_len, "cannot read PipeWire's registry: %s", strerror(errno));
		goto fail;
	}
	pw_registry_add_listener(p->registry, &p->registry_listener, &registry_events, p);

	/* The registry lists what is there before the answer to this sync: then the state is known. */
	p->sync_seq = pw_core_sync(p->core, PW_ID_CORE, 0);
	int64_t deadline = now_ms() + FIRST_LOOK_MS;
	while (!p->synced && !p->lost) {
		int64_t left = deadline - now_ms();
		if (left <= 0)
			break;
		iterate(p, (int)left);
	}
	if (!p->synced) {
		snprintf(why, why_len,
			p->lost ? "PipeWire closed the connection" :
				  "PipeWire did not answer within %d ms",
			FIRST_LOOK_MS);
		goto fail;
	}
	int r = sd_event_add_io(loop, &p->io, pw_loop_get_fd(p->loop), EPOLLIN, handle_io, p);
	if (r < 0) {
		snprintf(why, why_len, "cannot watch PipeWire: %s", strerror(-r));
		goto fail;
	}
	return &p->base;
fail:
	destroy(&p->base);
	return NULL;
}
