/*
 * A micro-cache of public pages (the invitation, the list of editions):
 * per event loop, so without locks. An entry is served while it is younger
 * than PAGE_CACHE_SECONDS and no state-changing request has been answered
 * by this process since it was made. Writes by other processes show after
 * at most PAGE_CACHE_SECONDS. Only anonymous GET/HEAD answers with status
 * 200, without query string, cookie changes or personal data are cached.
 */
#ifndef LWP_WEB_PAGECACHE_H
#define LWP_WEB_PAGECACHE_H

#include <stddef.h>

#define PAGE_CACHE_SECONDS 1.0

struct page_cache;

struct cached_page {
	const char *content_type; /* static string */
	const char *body;
	size_t len;
};

struct page_cache *page_cache_new(void);
void page_cache_free(struct page_cache *pc);
/* The fresh entry for key, or NULL. */
const struct cached_page *page_cache_get(struct page_cache *pc, const char *key, double now);
void page_cache_put(struct page_cache *pc, const char *key, const char *content_type,
		    const char *body, size_t len, double now);
/* Called after every state-changing request: all entries in all loops of
 * this process become stale. */
void page_cache_invalidate(void);

#endif
