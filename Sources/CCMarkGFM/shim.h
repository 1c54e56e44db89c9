#include <cmark-gfm.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm-core-extensions.h>

#include <stddef.h>
/* glibc's memmem (a GNU extension, declared by <string.h> only under _GNU_SOURCE, so Swift's
 * Glibc module leaves it out): PackMarkdown's byte search over cmark-gfm's HTML. */
void *memmem(const void *haystack, size_t haystacklen, const void *needle, size_t needlelen);
