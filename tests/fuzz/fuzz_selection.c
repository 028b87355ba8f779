/*
 * libFuzzer target for the selection forms' decoders (src/web/
 * selection_input.c). The first byte picks one, the rest is input:
 *  0 selection_mark_decode on the input cut at a NUL: an accepted mark has
 *    an id from 1 and a known mark, and written back as "ID:word" is the
 *    input; LWP_ENOTFOUND only for "something:word" with a known word;
 *    only 0, LWP_EINVAL and LWP_ENOTFOUND;
 *  1 selection_settings_decode on the input as a urlencoded form: accepted
 *    weights lie in 0..WEIGHT_MAX, offer_days in OFFER_DAYS_MIN..MAX, not
 *    all weights 0, each the number the form holds, and
 *    selection_settings_valid agrees; a refusal names only the form's
 *    fields and leaves a field in error at its old value.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_text.h"
#include "core/arena.h"
#include "core/error.h"
#include "web/form.h"
#include "web/selection_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_mark(const char *s)
{
	int64_t id = -5;
	int mark = 7;
	int rc = selection_mark_decode(s, &id, &mark);
	const char *colon = strrchr(s, ':');
	int known = colon && (strcmp(colon + 1, "include") == 0 || strcmp(colon + 1, "exclude") == 0 ||
			      strcmp(colon + 1, "none") == 0);
	if (rc == 0) {
		const char *word = mark == MARK_INCLUDE ? "include" : mark == MARK_EXCLUDE ? "exclude"
				   : mark == MARK_NONE ? "none" : NULL;
		char back[64];
		if (id < 1 || !word)
			abort();
		snprintf(back, sizeof(back), "%lld:%s", (long long)id, word);
		while (s[0] == '0' && s[1] >= '0' && s[1] <= '9')
			s++; /* "007:none" is application 7 */
		if (strcmp(back, s) != 0)
			abort();
	} else if (rc == LWP_ENOTFOUND) {
		if (!known || id != -5 || mark != 7)
			abort();
	} else if (rc != LWP_EINVAL || id != -5 || mark != 7) {
		abort();
	}
}

/* The value of field name read as a whole number, or -1. */
static long long number(const struct form *f, const char *name)
{
	const char *v = form_get(f, name);
	long long n = 0;
	if (!v || !*v)
		return -1;
	for (const char *p = v; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		if (n < 1000000)
			n = n * 10 + (*p - '0');
	}
	return n;
}

static void check_settings(struct arena *a, const char *s, size_t n)
{
	struct form f;
	if (form_parse(a, s, n, &f) != FORM_OK)
		return;
	struct selection_settings w = {-1, -1, -1, -1, -1, -1}, old = w;
	int *slots[] = {&w.w_org, &w.w_parent, &w.w_kind, &w.w_theme, &w.w_tags, &w.offer_days};
	int *olds[] = {&old.w_org, &old.w_parent, &old.w_kind, &old.w_theme, &old.w_tags,
		       &old.offer_days};
	struct field_errors fe = {0};
	int rc = selection_settings_decode(&f, &w, &fe);
	int in_range = 1, sum = 0;
	for (int i = 0; i < SELECTION_SETTING_FIELDS; i++) {
		long long v = number(&f, selection_setting_names[i]);
		int days = i == SELECTION_SETTING_FIELDS - 1;
		int ok = days ? v >= OFFER_DAYS_MIN && v <= OFFER_DAYS_MAX : v >= 0 && v <= WEIGHT_MAX;
		in_range &= ok;
		if (!days && ok)
			sum += (int)v;
		if (ok && *slots[i] != v)
			abort();
		if (!ok && (*slots[i] != *olds[i] || !field_errors_get(&fe, selection_setting_names[i])))
			abort();
	}
	if (rc == 0) {
		if (fe.n || !in_range || sum == 0 || selection_settings_valid(&w) != 0)
			abort();
		for (int i = 0; i < SELECTION_SETTING_FIELDS - 1; i++)
			if (*slots[i] < 0 || *slots[i] > WEIGHT_MAX)
				abort();
		if (w.offer_days < OFFER_DAYS_MIN || w.offer_days > OFFER_DAYS_MAX)
			abort();
	} else {
		if (rc != LWP_EINVAL || fe.n == 0 || (in_range && sum > 0))
			abort();
		for (int i = 0; i < fe.n; i++) {
			int named = 0;
			for (int k = 0; k < SELECTION_SETTING_FIELDS; k++)
				named |= strcmp(fe.items[i].field, selection_setting_names[k]) == 0;
			if (!named)
				abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_text t;
	if (!fuzz_text_begin(&t, data, size, 4096))
		return 0;
	char *s = t.s;
	struct arena *a = t.a;
	if (t.mode % 2 == 0) {
		check_mark(s);
	} else {
		check_settings(a, (const char *)data + 1, size - 1);
	}
	fuzz_text_end(&t);
	return 0;
}
