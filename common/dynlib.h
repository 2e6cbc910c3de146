/* Optional libraries loaded on first use: dlopen() by soname, then a table
 * of symbols resolved into the caller's struct of pointers, as systemd
 * loads its optional libraries (dlopen_many_sym_or_warn()). A program that
 * never uses the feature never maps the library or what it pulls in
 * (libmicrohttpd brings GnuTLS, libxml2 brings ICU and libstdc++: together
 * over 4 MB resident).
 *
 * The caller keeps its headers for the types and declares each pointer with
 * the header's own type (`__typeof__(xmlFreeDoc) *free_doc;`), so a
 * mismatch is a compile error. A data symbol resolves like a function: its
 * slot gets the variable's address.
 *
 * Libraries are opened RTLD_NODELETE: closing the last handle leaves the
 * library mapped, so a second use neither reloads it nor reruns its
 * initialisers and destructors. */
#ifndef BB_DYNLIB_H
#define BB_DYNLIB_H

#include <stddef.h>

#include "common/strbuf.h"

struct dynlib_sym {
	const char *name;
	void *slot; /* where the address goes: a function (or data) pointer */
};

/* One row: the symbol `name` into the pointer `*slot_ptr`. */
#define DYNLIB_SYM(name, slot_ptr) { (name), (void *)(slot_ptr) }

struct dynlib;

/* Opens the library `soname` ("libxml2.so.2") and fills every slot of
 * syms[0..n). Returns NULL with one line appended to err (which library,
 * which symbol, the dynamic loader's reason) when either fails; the slots
 * are then undefined. */
struct dynlib *dynlib_open(const char *soname, const struct dynlib_sym *syms, size_t n,
			   struct strbuf *err);

/* Drops the handle (the library stays mapped, see above). NULL-safe. */
void dynlib_close(struct dynlib *l);

#endif
