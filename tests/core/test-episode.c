/* Tests for prompt episodes: the rows of one break folded into one entry, and what it says. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/episode.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))
#define MIN_US (INT64_C(60) * 1000000)
#define T0_US (INT64_C(1714742400) * 1000000)
#define MAXR 12
#define MAXE 6

/* A row at minute min of the test's day. */
struct row {
	int min;
	enum mb_outcome outcome;
	enum mb_break_kind kind;
	enum mb_source source;
};

/* An entry as the fold should give it; rows are indices into the case's rows. */
struct want {
	size_t first, last, rows;
	enum mb_outcome outcome;
	enum mb_source source;
	enum mb_break_kind kind;
	unsigned prompts, postpones;
	const char *text;
};

struct fold_case {
	const char *name;
	struct row rows[MAXR];
	size_t nrows;
	struct want want[MAXE];
	size_t nwant;
};

#define P MB_OUTCOME_PROMPTED
#define PP MB_OUTCOME_POSTPONED
#define SK MB_OUTCOME_SKIPPED
#define ST MB_OUTCOME_STARTED
#define CO MB_OUTCOME_COMPLETED
#define PA MB_OUTCOME_PARTIAL
#define NA MB_OUTCOME_NATURAL
#define MV MB_BREAK_MOVEMENT
#define MI MB_BREAK_MICRO
#define BY_PROMPT MB_SOURCE_PROMPT
#define BY_HAND MB_SOURCE_MANUAL

static const struct fold_case cases[] = {
	{ "prompt_postponed_twice_then_completed_is_one_entry",
		{ { 600, P, MV, BY_PROMPT }, { 601, PP, MV, BY_PROMPT }, { 606, P, MV, BY_PROMPT },
			{ 607, PP, MV, BY_PROMPT }, { 612, P, MV, BY_PROMPT },
			{ 613, ST, MV, BY_PROMPT }, { 613, CO, MV, BY_PROMPT } },
		7, { { 0, 6, 7, CO, BY_PROMPT, MV, 3, 2, "postponed twice, then completed" } }, 1 },
	{ "prompt_not_answered_is_an_entry_of_its_own", { { 600, P, MV, BY_PROMPT } }, 1,
		{ { 0, 0, 1, P, BY_PROMPT, MV, 1, 0, "prompted, not answered" } }, 1 },
	{ "second_prompt_after_an_unanswered_one_is_a_second_entry",
		{ { 600, P, MV, BY_PROMPT }, { 700, P, MV, BY_PROMPT } }, 2,
		{ { 0, 0, 1, P, BY_PROMPT, MV, 1, 0, "prompted, not answered" },
			{ 1, 1, 1, P, BY_PROMPT, MV, 1, 0, "prompted, not answered" } },
		2 },
	{ "prompt_skipped_is_one_skipped_entry",
		{ { 600, P, MV, BY_PROMPT }, { 601, SK, MV, BY_PROMPT } }, 2,
		{ { 0, 1, 2, SK, BY_PROMPT, MV, 1, 0, "skipped" } }, 1 },
	{ "skip_without_its_prompt_row_is_a_skipped_entry", { { 600, SK, MV, BY_PROMPT } }, 1,
		{ { 0, 0, 1, SK, BY_PROMPT, MV, 0, 0, "skipped" } }, 1 },
	{ "natural_break_is_an_entry_of_its_own", { { 600, NA, MV, BY_HAND } }, 1,
		{ { 0, 0, 1, NA, BY_HAND, MV, 0, 0, "natural break" } }, 1 },
	{ "natural_break_inside_a_postponed_episode_stays_apart",
		{ { 600, P, MV, BY_PROMPT }, { 601, PP, MV, BY_PROMPT }, { 602, NA, MV, BY_HAND },
			{ 606, P, MV, BY_PROMPT }, { 607, ST, MV, BY_PROMPT },
			{ 607, CO, MV, BY_PROMPT } },
		6,
		{ { 0, 5, 5, CO, BY_PROMPT, MV, 2, 1, "postponed once, then completed" },
			{ 2, 2, 1, NA, BY_HAND, MV, 0, 0, "natural break" } },
		2 },
	{ "break_by_hand_completed_is_one_completed_entry", { { 600, CO, MV, BY_HAND } }, 1,
		{ { 0, 0, 1, CO, BY_HAND, MV, 0, 0, "completed" } }, 1 },
	{ "break_by_hand_through_the_daemon_folds_with_its_coach_row",
		{ { 600, ST, MV, BY_HAND }, { 600, CO, MV, BY_HAND } }, 2,
		{ { 0, 1, 2, CO, BY_HAND, MV, 0, 0, "completed" } }, 1 },
	{ "coach_row_saying_manual_keeps_the_source_of_the_prompt",
		{ { 600, P, MV, BY_PROMPT }, { 601, ST, MV, BY_PROMPT }, { 601, CO, MV, BY_HAND } },
		3, { { 0, 2, 3, CO, BY_PROMPT, MV, 1, 0, "completed" } }, 1 },
	{ "started_break_without_its_coach_row_says_no_end_recorded",
		{ { 600, P, MV, BY_PROMPT }, { 601, ST, MV, BY_PROMPT },
			{ 700, P, MV, BY_PROMPT } },
		3,
		{ { 0, 1, 2, ST, BY_PROMPT, MV, 1, 0, "started, no end recorded" },
			{ 2, 2, 1, P, BY_PROMPT, MV, 1, 0, "prompted, not answered" } },
		2 },
	{ "coach_row_long_after_the_start_is_a_second_entry",
		{ { 600, ST, MV, BY_PROMPT }, { 700, CO, MV, BY_HAND } }, 2,
		{ { 0, 0, 1, ST, BY_PROMPT, MV, 0, 0, "started, no end recorded" },
			{ 1, 1, 1, CO, BY_HAND, MV, 0, 0, "completed" } },
		2 },
	{ "started_break_cut_short_is_one_cut_short_entry",
		{ { 600, P, MV, BY_PROMPT }, { 601, ST, MV, BY_PROMPT },
			{ 601, PA, MV, BY_PROMPT } },
		3, { { 0, 2, 3, PA, BY_PROMPT, MV, 1, 0, "cut short" } }, 1 },
	{ "break_by_hand_cut_short_is_an_entry_of_its_own", { { 600, PA, MV, BY_HAND } }, 1,
		{ { 0, 0, 1, PA, BY_HAND, MV, 0, 0, "cut short" } }, 1 },
	{ "break_by_hand_skipped_beside_a_waiting_prompt_is_apart",
		{ { 600, P, MV, BY_PROMPT }, { 601, SK, MV, BY_HAND }, { 603, CO, MV, BY_HAND } },
		3,
		{ { 0, 2, 2, CO, BY_PROMPT, MV, 1, 0, "completed" },
			{ 1, 1, 1, SK, BY_HAND, MV, 0, 0, "skipped" } },
		2 },
	{ "prompt_postponed_and_not_offered_again_says_postponed_once",
		{ { 600, P, MV, BY_PROMPT }, { 601, PP, MV, BY_PROMPT } }, 2,
		{ { 0, 1, 2, PP, BY_PROMPT, MV, 1, 1, "postponed once" } }, 1 },
	{ "prompt_postponed_then_offered_again_says_not_answered",
		{ { 600, P, MV, BY_PROMPT }, { 601, PP, MV, BY_PROMPT },
			{ 606, P, MV, BY_PROMPT } },
		3, { { 0, 2, 3, P, BY_PROMPT, MV, 2, 1, "postponed once, then not answered" } },
		1 },
	{ "prompt_postponed_three_times_then_skipped",
		{ { 600, P, MV, BY_PROMPT }, { 601, PP, MV, BY_PROMPT }, { 606, P, MV, BY_PROMPT },
			{ 607, PP, MV, BY_PROMPT }, { 612, P, MV, BY_PROMPT },
			{ 613, PP, MV, BY_PROMPT }, { 618, P, MV, BY_PROMPT },
			{ 619, SK, MV, BY_PROMPT } },
		8, { { 0, 7, 8, SK, BY_PROMPT, MV, 4, 3, "postponed 3 times, then skipped" } }, 1 },
	{ "break_by_hand_put_off_then_taken_is_one_entry_by_hand",
		{ { 600, ST, MV, BY_HAND }, { 601, PP, MV, BY_HAND }, { 606, P, MV, BY_PROMPT },
			{ 607, ST, MV, BY_PROMPT }, { 607, CO, MV, BY_PROMPT } },
		5, { { 0, 4, 5, CO, BY_HAND, MV, 1, 1, "postponed once, then completed" } }, 1 },
	{ "movement_and_micro_episodes_fold_apart",
		{ { 600, P, MV, BY_PROMPT }, { 600, P, MI, BY_PROMPT }, { 601, ST, MI, BY_PROMPT },
			{ 601, PP, MV, BY_PROMPT }, { 602, CO, MI, BY_PROMPT } },
		5,
		{ { 0, 3, 2, PP, BY_PROMPT, MV, 1, 1, "postponed once" },
			{ 1, 4, 3, CO, BY_PROMPT, MI, 1, 0, "completed" } },
		2 },
	{ "started_break_then_started_again_gives_two_entries",
		{ { 600, ST, MV, BY_PROMPT }, { 605, ST, MV, BY_PROMPT },
			{ 605, CO, MV, BY_PROMPT } },
		3,
		{ { 0, 0, 1, ST, BY_PROMPT, MV, 0, 0, "started, no end recorded" },
			{ 1, 2, 2, CO, BY_PROMPT, MV, 0, 0, "completed" } },
		2 },
};

static void fill_rows(const struct row *in, size_t n, struct mb_break_record *out)
{
	for (size_t i = 0; i < n; i++)
		out[i] = (struct mb_break_record){
			.id = (int64_t)i + 1,
			.start_us = T0_US + in[i].min * MIN_US,
			.end_us = T0_US + in[i].min * MIN_US,
			.outcome = in[i].outcome,
			.kind = in[i].kind,
			.source = in[i].source,
		};
}

static void test_fold_case(void **state)
{
	const struct fold_case *c = *state;
	struct mb_break_record rows[MAXR];
	fill_rows(c->rows, c->nrows, rows);
	struct mb_episode eps[MAXR];
	size_t row_episode[MAXR];
	int n = mb_episode_fold(rows, c->nrows, true, eps, LEN(eps), row_episode);
	assert_int_equal(n, (int)c->nwant);
	for (size_t i = 0; i < c->nwant; i++) {
		const struct want *w = &c->want[i];
		const struct mb_episode *e = &eps[i];
		char text[96];
		mb_episode_describe(e, text, sizeof(text));
		assert_int_equal(e->first, w->first);
		assert_int_equal(e->last, w->last);
		assert_int_equal(e->rows, w->rows);
		assert_int_equal(e->outcome, w->outcome);
		assert_int_equal(e->source, w->source);
		assert_int_equal(e->kind, w->kind);
		assert_int_equal(e->prompts, w->prompts);
		assert_int_equal(e->postpones, w->postpones);
		assert_true(e->whole);
		assert_string_equal(text, w->text);
	}
	/* Each row went into the entry that holds it, and the counts add up. */
	size_t total = 0;
	for (size_t i = 0; i < c->nwant; i++)
		total += eps[i].rows;
	assert_int_equal(total, c->nrows);
	for (size_t r = 0; r < c->nrows; r++) {
		const struct mb_episode *e = &eps[row_episode[r]];
		assert_true(e->first <= r && r <= e->last);
		assert_int_equal(e->kind, rows[r].kind);
	}
}

struct describe_case {
	enum mb_outcome outcome;
	unsigned postpones;
	const char *text;
};

static void test_describe_says_how_each_break_ended(void **state)
{
	(void)state;
	static const struct describe_case dc[] = {
		{ CO, 0, "completed" },
		{ PA, 0, "cut short" },
		{ SK, 0, "skipped" },
		{ NA, 0, "natural break" },
		{ P, 0, "prompted, not answered" },
		{ ST, 0, "started, no end recorded" },
		{ CO, 1, "postponed once, then completed" },
		{ PA, 2, "postponed twice, then cut short" },
		{ ST, 3, "postponed 3 times, then started, no end recorded" },
		{ P, 2, "postponed twice, then not answered" },
		{ PP, 2, "postponed twice" },
	};
	for (size_t i = 0; i < LEN(dc); i++) {
		struct mb_episode e = { .outcome = dc[i].outcome, .postpones = dc[i].postpones };
		char text[96];
		assert_ptr_equal(mb_episode_describe(&e, text, sizeof(text)), text);
		assert_string_equal(text, dc[i].text);
	}
	/* A short buffer is cut, never overrun. */
	struct mb_episode e = { .outcome = CO, .postpones = 2 };
	char small[8];
	mb_episode_describe(&e, small, sizeof(small));
	assert_string_equal(small, "postpon");
}

static void test_fold_refuses_too_small_an_output(void **state)
{
	(void)state;
	const struct row in[] = { { 600, P, MV, BY_PROMPT }, { 700, P, MV, BY_PROMPT } };
	struct mb_break_record rows[2];
	fill_rows(in, 2, rows);
	struct mb_episode eps[1];
	assert_int_equal(mb_episode_fold(rows, 2, true, eps, 1, NULL), -ENOSPC);
	assert_int_equal(mb_episode_fold(NULL, 2, true, eps, 1, NULL), -EINVAL);
	assert_int_equal(mb_episode_fold(NULL, 0, true, NULL, 0, NULL), 0);
}

/* Rows that begin mid-episode: its rest is not whole until a row settles the walker. */
static void test_fold_from_mid_episode_marks_the_cut_entry_not_whole(void **state)
{
	(void)state;
	const struct row in[] = {
		/* Cut here: the episode's first prompt and postpone are not given. */
		{ 606, P, MV, BY_PROMPT },
		{ 607, ST, MV, BY_PROMPT },
		{ 607, CO, MV, BY_PROMPT },
		{ 650, NA, MV, BY_HAND },
		{ 700, P, MV, BY_PROMPT },
		{ 701, SK, MV, BY_PROMPT },
	};
	struct mb_break_record rows[LEN(in)];
	fill_rows(in, LEN(in), rows);
	struct mb_episode eps[LEN(in)];
	int n = mb_episode_fold(rows, LEN(in), false, eps, LEN(eps), NULL);
	assert_int_equal(n, 3);
	assert_false(eps[0].whole);
	assert_int_equal(eps[0].rows, 3);
	assert_true(eps[1].whole);
	assert_int_equal(eps[1].outcome, NA);
	assert_true(eps[2].whole);
	assert_int_equal(eps[2].outcome, SK);
}

/* A break by hand cut short before anything settled may be a started break's own row. */
static void test_fold_from_mid_history_keeps_unsettled_rows_alone_not_whole(void **state)
{
	(void)state;
	const struct row in[] = {
		{ 601, PA, MV, BY_HAND },
		{ 650, PA, MI, BY_HAND },
		{ 700, CO, MV, BY_HAND },
		{ 710, PA, MV, BY_HAND },
	};
	struct mb_break_record rows[LEN(in)];
	fill_rows(in, LEN(in), rows);
	struct mb_episode eps[LEN(in)];
	int n = mb_episode_fold(rows, LEN(in), false, eps, LEN(eps), NULL);
	assert_int_equal(n, 4);
	assert_false(eps[0].whole);
	assert_false(eps[1].whole);
	assert_false(eps[2].whole);
	assert_true(eps[3].whole);
}

static uint64_t next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/*
 * Folding only the newest rows, as `movebreak history` does, gives the same
 * whole entries as folding the whole history: every cut of many random
 * histories.
 */
static void test_whole_entries_of_the_newest_rows_match_the_full_fold(void **state)
{
	(void)state;
	enum {
		N = 60
	};
	uint64_t seed = 0x9e3779b97f4a7c15u;
	size_t checked = 0;
	for (int round = 0; round < 300; round++) {
		struct mb_break_record rows[N];
		int64_t t = T0_US;
		for (size_t i = 0; i < N; i++) {
			uint64_t v = next(&seed);
			t += (int64_t)(v % 4 == 0 ? v % 7200 : v % 900) * 1000000;
			rows[i] = (struct mb_break_record){
				.id = (int64_t)i + 1,
				.start_us = t,
				.end_us = t,
				.outcome = (enum mb_outcome)(next(&seed) % 7),
				.kind = next(&seed) % 4 == 0 ? MI : MV,
				.source = next(&seed) % 2 ? BY_HAND : BY_PROMPT,
			};
		}
		struct mb_episode all[N], part[N];
		size_t all_of[N];
		int n_all = mb_episode_fold(rows, N, true, all, N, all_of);
		assert_true(n_all > 0);
		for (size_t cut = 1; cut < N; cut++) {
			int n = mb_episode_fold(rows + cut, N - cut, false, part, N, NULL);
			assert_true(n > 0);
			for (int i = 0; i < n; i++) {
				const struct mb_episode *p = &part[i];
				if (!p->whole)
					continue;
				const struct mb_episode *a = &all[all_of[cut + p->first]];
				assert_int_equal(a->first, cut + p->first);
				assert_int_equal(a->last, cut + p->last);
				assert_int_equal(a->rows, p->rows);
				assert_int_equal(a->outcome, p->outcome);
				assert_int_equal(a->source, p->source);
				assert_int_equal(a->prompts, p->prompts);
				assert_int_equal(a->postpones, p->postpones);
				checked++;
			}
		}
	}
	assert_true(checked > 10000);
}

int main(void)
{
	struct CMUnitTest tests[LEN(cases) + 5];
	size_t n = 0;
	for (size_t i = 0; i < LEN(cases); i++)
		tests[n++] = (struct CMUnitTest){ .name = cases[i].name,
			.test_func = test_fold_case,
			.initial_state = (void *)&cases[i] };
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_describe_says_how_each_break_ended);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_fold_refuses_too_small_an_output);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(
		test_fold_from_mid_episode_marks_the_cut_entry_not_whole);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(
		test_fold_from_mid_history_keeps_unsettled_rows_alone_not_whole);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(
		test_whole_entries_of_the_newest_rows_match_the_full_fold);
	return _cmocka_run_group_tests("core-episode", tests, n, NULL, NULL);
}
