/* Growing arrays: the one place that doubles a capacity and reallocates. */
#ifndef BB_GROW_H
#define BB_GROW_H

#include <stddef.h>

/* Makes room for at least `need` elements of `size` bytes in the array
 * whose pointer is at `array` (a T **, passed as void *) and whose capacity
 * is *cap, doubling from `first`. Returns 0, or BB_ENOMEM with the array
 * and *cap unchanged. */
int grow_array(void *array, size_t *cap, size_t need, size_t size, size_t first);

#endif
