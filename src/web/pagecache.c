/* See pagecache.h. A small array per event loop, oldest entry replaced. */
#include "web/pagecache.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_CACHE_ENTRIES 32
#define PAGE_CACHE_KEY 256

static atomic_uint cache_generation = 1;

struct entry {
	char key[PAGE_CACHE_KEY];
	struct cached_page page;
	double made;
	unsigned generation;
};

struct page_cache {
	struct entry entries[PAGE_CACHE_ENTRIES];
};

struct page_cache *page_cache_new(void)
{
	return calloc(1, sizeof(struct page_cache));
}

void page_cache_free(struct page_cache *pc)
{
	if (!pc)
		return;
	for (int i = 0; i < PAGE_CACHE_ENTRIES; i++)
		free((char *)pc->entries[i].page.body);
	free(pc);
}

void page_cache_invalidate(void)
{
	atomic_fetch_add(&cache_generation, 1);
}

static int fresh(const struct entry *e, double now)
{
	return e->page.body && e->generation == atomic_load(&cache_generation) &&
	       now - e->made < PAGE_CACHE_SECONDS;
}

const struct cached_page *page_cache_get(struct page_cache *pc, const char *key, double now)
{
	for (int i = 0; i < PAGE_CACHE_ENTRIES; i++) {
		struct entry *e = &pc->entries[i];
		if (e->page.body && strcmp(e->key, key) == 0)
			return fresh(e, now) ? &e->page : NULL;
	}
	return NULL;
}

void page_cache_put(struct page_cache *pc, const char *key, const char *content_type,
		    const char *body, size_t len, double now)
{
	size_t key_len = strlen(key);
	if (key_len >= PAGE_CACHE_KEY)
		return;
	struct entry *slot = &pc->entries[0];
	for (int i = 0; i < PAGE_CACHE_ENTRIES; i++) {
		struct entry *e = &pc->entries[i];
		if (!e->page.body || strcmp(e->key, key) == 0) {
			slot = e;
			break;
		}
		if (e->made < slot->made)
			slot = e;
	}
	char *copy = malloc(len ? len : 1);
	if (!copy)
		return;
	memcpy(copy, body, len);
	free((char *)slot->page.body);
	memcpy(slot->key, key, key_len + 1);
	slot->page.content_type = content_type;
	slot->page.body = copy;
	slot->page.len = len;
	slot->made = now;
	slot->generation = atomic_load(&cache_generation);
}
