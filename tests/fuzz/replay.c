/* replay.c - a main() for a fuzz target without libFuzzer: runs the target once on each file
 * named (or each file in each folder named), so `make test` replays tests/crash/ with any
 * compiler, and under `make asan` with the sanitizers. Exit 1 if a file cannot be read; a
 * broken invariant aborts, as it does under the fuzzer. */
#include "fuzz.h"

#include <dirent.h>
#include <sys/stat.h>

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "replay: %s: cannot open\n", path);
        return 1;
    }
    size_t cap = 4096, n = 0;
    uint8_t *data = malloc(cap);
    for (size_t r; data && (r = fread(data + n, 1, cap - n, f)) > 0;) {
        n += r;
        if (n == cap) {
            uint8_t *grown = realloc(data, cap *= 2);
            if (!grown)
                free(data);
            data = grown;
        }
    }
    int bad = ferror(f) || !data;
    fclose(f);
    if (bad) {
        fprintf(stderr, "replay: %s: cannot read\n", path);
        free(data);
        return 1;
    }
    uint8_t *exact = malloc(n ? n : 1); /* exactly n bytes, as libFuzzer gives them */
    if (exact && n)
        memcpy(exact, data, n);
    free(data);
    if (!exact)
        return 1;
    LLVMFuzzerTestOneInput(exact, n);
    free(exact);
    return 0;
}

static int replay_path(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return replay_file(path);
    DIR *d = opendir(path);
    int rc = d ? 0 : 1;
    for (struct dirent *e; d && (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        char sub[4096];
        snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
        rc |= replay_file(sub);
    }
    if (d)
        closedir(d);
    return rc;
}

/* Targets that need no set-up do not define LLVMFuzzerInitialize; the weak default serves. */
__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    return 0;
}

int main(int argc, char **argv)
{
    LLVMFuzzerInitialize(&argc, &argv);
    int rc = 0;
    for (int i = 1; i < argc; i++)
        rc |= replay_path(argv[i]);
    return rc;
}
