#include "common/grow.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"

int grow_array(void *array, size_t *cap, size_t need, size_t size, size_t first)
{
	if (need <= *cap)
		return 0;
	size_t n = *cap ? *cap : first;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			return BB_ENOMEM;
		n *= 2;
	}
	if (n > SIZE_MAX / size)
		return BB_ENOMEM;
	void *old;
	memcpy(&old, array, sizeof old);
	void *grown = realloc(old, n * size);
	if (!grown)
		return BB_ENOMEM;
	memcpy(array, &grown, sizeof grown);
	*cap = n;
	return 0;
}
