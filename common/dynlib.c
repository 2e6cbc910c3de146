#include "common/dynlib.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

struct dynlib {
	void *handle;
};

/* dlsym() hands back a void *; POSIX guarantees it converts to a function
 * pointer of the same size, which memcpy stores without a cast. */
_Static_assert(sizeof(void *) == sizeof(void (*)(void)),
	       "function pointers are stored through void *");

struct dynlib *dynlib_open(const char *soname, const struct dynlib_sym *syms, size_t n,
			   struct strbuf *err)
{
	struct dynlib *l = calloc(1, sizeof *l);
	if (!l) {
		strbuf_printf(err, "cannot load %s: out of memory\n", soname);
		return NULL;
	}
	l->handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
	if (!l->handle) {
		const char *why = dlerror();
		strbuf_printf(err, "cannot load %s (%s)\n", soname, why ? why : "unknown reason");
		goto fail;
	}
	for (size_t i = 0; i < n; i++) {
		dlerror();
		void *p = dlsym(l->handle, syms[i].name);
		const char *why = dlerror();
		if (why || !p) {
			strbuf_printf(err, "cannot load %s: no symbol %s (%s)\n", soname,
				      syms[i].name, why ? why : "its address is NULL");
			goto fail;
		}
		memcpy(syms[i].slot, &p, sizeof p);
	}
	return l;
fail:
	dynlib_close(l);
	return NULL;
}

void dynlib_close(struct dynlib *l)
{
	if (!l)
		return;
	if (l->handle)
		dlclose(l->handle);
	free(l);
}
