/* file_options.c - the options of a produced file: --sample-rate, --bits, --loudness,
 * --true-peak, --title, --originator, and the presets that set several at once. Options are
 * applied in command-line order, so whatever comes after a preset overrides it:
 *   vnreader --preset broadcast --loudness -24 -o tin.wav tin.txt   (EBU R128, but -24 LUFS) */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct preset {
    const char *name;
    vnr_format format;
    int sample_rate, bits, broadcast;
    double loudness, true_peak;
} preset;

static const preset presets[] = {
    /* EBU R128 for radio play-out: 48 kHz 24-bit Broadcast WAV, -23 LUFS, -1 dBTP. */
    {"broadcast", VNR_FORMAT_WAV, 48000, 24, 1, -23.0, -1.0},
    /* Podcasts and the web: MP3 at 44.1 kHz, -16 LUFS, -1 dBTP. */
    {"web", VNR_FORMAT_MP3, 44100, 0, 0, -16.0, -1.0},
};

static int bad_value(const char *name, const char *what, const char *value)
{
    cli_error("--%s: expected %s, got '%s'", name, what, value);
    fputs("Try 'vnreader --help' for more information.\n", stderr);
    return EXIT_USAGE;
}

static int parse_number(const char *name, const char *value, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(value, &end);
    if (end == value || *end || errno || !(v >= lo && v <= hi)) {
        char what[64];
        snprintf(what, sizeof what, "a number from %g to %g", lo, hi);
        return bad_value(name, what, value);
    }
    *out = v;
    return EXIT_OK;
}

static int apply_preset(cli_options *o, const char *name)
{
    for (size_t i = 0; i < sizeof presets / sizeof presets[0]; i++) {
        const preset *p = &presets[i];
        if (strcmp(name, p->name) != 0)
            continue;
        o->format = VNR_FORMAT_AUTO; /* an earlier --format gives way to the preset's */
        o->preset_format = p->format;
        o->file.sample_rate = p->sample_rate;
        o->file.bits = p->bits;
        o->file.broadcast = p->broadcast;
        o->file.normalize = o->file.limit = 1;
        o->file.loudness = p->loudness;
        o->file.true_peak = p->true_peak;
        return EXIT_OK;
    }
    return bad_value("preset", "broadcast or web", name);
}

int cli_apply_file_option(cli_options *o, const char *name, const char *arg)
{
    double v = 0;
    int rc = EXIT_OK;
    if (strcmp(name, "sample-rate") == 0) {
        if ((rc = parse_number(name, arg, 8000, 192000, &v)) == EXIT_OK && v != floor(v))
            rc = bad_value(name, "a whole number of Hz", arg);
        o->file.sample_rate = (int)v;
    } else if (strcmp(name, "bits") == 0) {
        if (strcmp(arg, "16") != 0 && strcmp(arg, "24") != 0)
            return bad_value(name, "16 or 24", arg);
        o->file.bits = atoi(arg);
    } else if (strcmp(name, "loudness") == 0) {
        rc = parse_number(name, arg, -70, -5, &o->file.loudness);
        o->file.normalize = 1;
        if (!o->file.limit) { /* EBU R128's ceiling unless --true-peak says otherwise */
            o->file.limit = 1;
            o->file.true_peak = -1.0;
        }
    } else if (strcmp(name, "true-peak") == 0) {
        rc = parse_number(name, arg, -20, 0, &o->file.true_peak);
        o->file.limit = 1;
    } else if (strcmp(name, "preset") == 0) {
        rc = apply_preset(o, arg);
    } else if (strcmp(name, "title") == 0) {
        o->file.title = arg;
    } else if (strcmp(name, "originator") == 0) {
        o->file.originator = arg;
    }
    return rc;
}

/* An explicit --format wins; then the output's extension; a preset's format names a file
 * without one. A preset does not silently write MP3 into "tin.wav": that is refused. */
/* True when the file name has an extension ("x.xyz"), not only a leading dot (".wav"). */
static bool has_extension(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    return dot && dot != base && dot[1];
}

int cli_output_format(const cli_options *o, const char *path, vnr_format *out)
{
    vnr_format by_name = vnr_format_from_path(path);
    *out = o->format;
    /* "-o tin.xyz" wrote a WAV file under a name no player recognizes: a typo, said at once. */
    if (o->format == VNR_FORMAT_AUTO && by_name == VNR_FORMAT_AUTO && has_extension(path)) {
        cli_error("%s: unknown output extension (.wav .flac .ogg .mp3 .opus .raw), or give "
                  "--format",
                  path);
        return EXIT_USAGE;
    }
    if (o->format != VNR_FORMAT_AUTO || o->preset_format == VNR_FORMAT_AUTO)
        return EXIT_OK;
    if (by_name == VNR_FORMAT_AUTO || by_name == o->preset_format || strcmp(path, "-") == 0) {
        *out = strcmp(path, "-") == 0 ? by_name : o->preset_format;
        return EXIT_OK;
    }
    cli_error("%s: the preset makes %s; name the file .%s, or give --format after --preset", path,
              vnr_format_name(o->preset_format), vnr_format_name(o->preset_format));
    return EXIT_USAGE;
}
