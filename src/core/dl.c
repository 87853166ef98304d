/* dl.c - optional libraries opened at their first use (see dl.h). */
#include "core/dl.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

bool vnr_dl_open(const char *soname, const vnr_dl_symbol *symbols, size_t n, char *why,
                 size_t why_size)
{
    void *lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        const char *e = dlerror();
        snprintf(why, why_size, "%s", e ? e : soname);
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        void *f = dlsym(lib, symbols[i].name);
        if (!f) {
            snprintf(why, why_size, "%s: no %s", soname, symbols[i].name);
            dlclose(lib);
            return false;
        }
        /* POSIX promises that a function's address survives the trip through void *. */
        memcpy(symbols[i].slot, &f, sizeof f);
    }
    return true;
}
