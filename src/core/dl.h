/* dl.h - optional libraries opened at their first use. libcurl (URLs) and poppler-glib (PDFs)
 * bring some sixty libraries with them, whose loading and start-up cost every run of vnreader
 * and sd_vnreader 14 ms before the first word, whether it fetches or opens a PDF or not. They
 * are opened with dlopen() by the code that needs them, once, and stay open. Not part of the
 * public API. */
#ifndef VNR_DL_H
#define VNR_DL_H

#include <stdbool.h>
#include <stddef.h>

/* A function to look up, and where its address goes (the address of a function pointer). */
typedef struct vnr_dl_symbol {
    const char *name;
    void *slot;
} vnr_dl_symbol;

/* Open the library soname and fill every slot. False if it or a symbol is missing, with
 * dlerror()'s words in why. Thread-safe when each library is opened under its own
 * pthread_once. */
bool vnr_dl_open(const char *soname, const vnr_dl_symbol *symbols, size_t n, char *why,
                 size_t why_size);

#endif /* VNR_DL_H */
