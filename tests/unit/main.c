/* main.c - runs the unit-test table, then the golden TSV files of the folder given. */
#include "test.h"

#include <stdlib.h>

int vnr_test_failures;

typedef struct {
    const char *name;
    void (*fn)(void);
} unit_test;

#define VNR_ENTRY(name) {#name, name},
static const unit_test tests[] = {VNR_TESTS(VNR_ENTRY)};

int main(int argc, char **argv)
{
    const char *only = getenv("VNR_TEST");
    size_t n_run = 0;
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        if (only && !strstr(tests[i].name, only))
            continue;
        int before = vnr_test_failures;
        tests[i].fn();
        n_run++;
        printf("%-34s %s\n", tests[i].name, vnr_test_failures == before ? "ok" : "FAILED");
    }
    int unit_failures = vnr_test_failures;
    if (only && n_run == 0) { /* a misspelt VNR_TEST must not look like a pass */
        fprintf(stderr, "unit tests: VNR_TEST=%s matches no test\n", only);
        unit_failures++;
    }
    int golden_failures = 0;
    if (argc > 1 && !only)
        golden_failures = vnr_run_golden_dir(argv[1]);
    printf("unit tests: %zu run, %d failed checks; golden: %d failed lines\n", n_run, unit_failures,
           golden_failures);
    return unit_failures || golden_failures ? 1 : 0;
}
