/* The program model: the plan of a day, and which of its routines comes next. */
#include <stdlib.h>
#include <string.h>

#include "core/program.h"

void mb_program_destroy(struct mb_program *program)
{
	if (program == NULL)
		return;
	for (size_t i = 0; i < program->blocks_len; i++) {
		struct mb_program_block *b = &program->blocks[i];
		for (size_t j = 0; j < b->routines_len; j++)
			free(b->routines[j]);
		free(b->routines);
	}
	free(program->blocks);
	free(program->name);
	free(program->title);
	free(program->summary);
	free(program);
}

bool mb_program_day(const struct mb_program *program, unsigned day, struct mb_program_day *out)
{
	if (program == NULL || day == 0)
		return false;
	unsigned first = 1;
	for (size_t i = 0; i < program->blocks_len; i++) {
		const struct mb_program_block *b = &program->blocks[i];
		if (day < first + b->days) {
			*out = (struct mb_program_day){
				.day = day,
				.routines = (const char *const *)b->routines,
				.routines_len = b->routines_len,
				.minutes = b->minutes,
			};
			return true;
		}
		first += b->days;
	}
	return false;
}

static size_t count_name(const char *name, const char *const *names, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += names[i] != NULL && strcmp(names[i], name) == 0;
	return n;
}

/*
 * The day's routines repeated without end: the routine at step s needs as
 * many completions as it appears up to s. The first step that has fewer is
 * next. Every step passed uses up one completion, so one of the first
 * done_len + routines_len steps is it.
 */
size_t mb_program_next(const struct mb_program_day *day, const char *const *done, size_t done_len)
{
	size_t n = day->routines_len;
	if (n == 0)
		return 0;
	for (size_t s = 0; s < done_len + n; s++) {
		size_t i = s % n;
		const char *name = day->routines[i];
		size_t rounds = s / n, per_round = count_name(name, day->routines, n);
		size_t before = count_name(name, day->routines, i);
		size_t needed = rounds * per_round + before + 1;
		if (count_name(name, done, done_len) < needed)
			return i;
	}
	return 0;
}

size_t mb_program_done_count(const struct mb_program_day *day, const char *const *done,
	size_t done_len)
{
	size_t total = 0;
	for (size_t i = 0; i < day->routines_len; i++) {
		const char *name = day->routines[i];
		/* Only the first mention of a name counts it, up to as often as the day names it. */
		if (count_name(name, day->routines, i) > 0)
			continue;
		size_t want = count_name(name, day->routines, day->routines_len);
		size_t got = count_name(name, done, done_len);
		total += got < want ? got : want;
	}
	return total;
}
