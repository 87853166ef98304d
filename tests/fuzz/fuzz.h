/* fuzz.h - shared by the libFuzzer targets in this folder: the entry points libFuzzer calls,
 * the lexicon most targets run with, and a scratch file for the loaders that only take a path.
 *
 * Each target is also linked with replay.c (no libFuzzer, any compiler) so `make test` replays
 * the inputs under tests/crash/ that once crashed it. */
#ifndef VNR_FUZZ_H
#define VNR_FUZZ_H

#include "vnreader.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A broken invariant is a crash, so libFuzzer saves the input and the replay fails. */
#define FUZZ_ASSERT(cond)                                                                          \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #cond);           \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* The real lexicon from vnr_data_dir() (VNREADER_DATA, set by the Makefile). If it cannot be
 * loaded the target still runs, with whatever part loaded: a fuzzer must not need the data. */
static inline vnr_lexicon *fuzz_load_lexicon(void)
{
    vnr_lexicon *lex = NULL;
    if (vnr_lexicon_new(&lex, NULL) != VNR_OK)
        abort();
    vnr_diag diag = {""};
    if (vnr_lexicon_load_default(lex, vnr_data_dir(), &diag) != VNR_OK)
        fprintf(stderr, "fuzz: lexicon not fully loaded (%s); running with part of it\n",
                diag.text);
    return lex;
}

/* A private copy of exactly size bytes (libFuzzer's data may be followed by more memory), so
 * ASan catches any read past the end; NULL when out of memory. The caller frees it. */
static inline char *fuzz_copy(const uint8_t *data, size_t size)
{
    char *text = calloc(size ? size : 1, 1);
    if (text && size)
        memcpy(text, data, size);
    return text;
}

/* Is s[0..n) valid UTF-8 with no NUL? Outputs of the library must always be. */
static inline int fuzz_valid_utf8(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        unsigned c = p[i];
        size_t k = c < 0x80             ? 1
                   : (c & 0xE0) == 0xC0 ? 2
                   : (c & 0xF0) == 0xE0 ? 3
                   : (c & 0xF8) == 0xF0 ? 4
                                        : 0;
        if (c == 0 || k == 0 || i + k > n || (k == 2 && c < 0xC2))
            return 0;
        for (size_t j = 1; j < k; j++)
            if ((p[i + j] & 0xC0) != 0x80)
                return 0;
        i += k;
    }
    return 1;
}

/* A scratch file "in<suffix>" (the voice loader looks at the suffix) in a folder made once per
 * process and removed at exit; each input overwrites it. */
static inline char *fuzz_scratch_dir(void)
{
    static char dir[64];
    return dir;
}

static inline char *fuzz_scratch_path(void)
{
    static char path[96];
    return path;
}

static inline void fuzz_remove_scratch(void)
{
    unlink(fuzz_scratch_path());
    rmdir(fuzz_scratch_dir());
}

static inline const char *fuzz_write_scratch(const char *suffix, const uint8_t *data, size_t size)
{
    char *dir = fuzz_scratch_dir(), *path = fuzz_scratch_path();
    if (!path[0]) {
        snprintf(dir, 64, "/tmp/vnr-fuzz-XXXXXX");
        if (!mkdtemp(dir))
            abort();
        snprintf(path, 96, "%s/in%s", dir, suffix);
        atexit(fuzz_remove_scratch);
    }
    FILE *f = fopen(path, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0)
        abort();
    return path;
}

#endif
