/* options.c - the command line, parsed from a table that also writes --help: adding an option
 * is adding a row (and a case in apply). Long
 * options take "--name VALUE" or "--name=VALUE"; short ones "-o FILE" or "-oFILE". */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

typedef enum opt_id {
    OPT_TEXT,
    OPT_NORMALIZE,
    OPT_EXPLAIN,
    OPT_OUTPUT,
    OPT_FORMAT,
    OPT_PLAY,
    OPT_DEVICE,
    OPT_SPEED_FACTOR,
    OPT_LIST_DEVICES,
    OPT_VOICE,
    OPT_LIST_VOICES,
    OPT_RATE,
    OPT_PITCH,
    OPT_VOLUME,
    OPT_LEXICON,
    OPT_QUIET,
    OPT_HELP,
    OPT_VERSION,
    OPT_FILE, /* file_options.c: produced files */
    OPT_CAPTIONS,
    OPT_TRANSCRIPT,
    OPT_BULLETIN,
    OPT_BATCH,
    OPT_JOBS,
    OPT_PUNCTUATION,
    OPT_SPELL,
    OPT_CAPITALS,
    OPT_SENTENCE_GAP,
    OPT_HTML,
    OPT_EXTRACT,
    OPT_CAPTIONS_OF_IMAGES,
    OPT_TIMEOUT,
    OPT_INTERACTIVE,
    OPT_FROM_START,
    OPT_QUIET_FEEDBACK,
    OPT_EARCONS,
    OPT_VERBOSE,
    OPT_PHONEMES,
    OPT_IPA,
} opt_id;

/* One row per option, in --help order; a row without a name is a heading of --help. */
typedef struct opt_def {
    const char *name; /* long name without "--" */
    char letter;      /* short name, or 0 */
    const char *arg;  /* the value's name in --help ("FILE"), NULL: takes none */
    opt_id id;
    const char *help; /* lines after the first start with '\n' */
} opt_def;

static const opt_def opt_table[] = {
    {NULL, 0, NULL, 0, "Input:"},
    {"text", 't', "TEXT", OPT_TEXT, "read TEXT (may be given with files, in order)"},
    {"normalize", 0, NULL, OPT_NORMALIZE,
     "print the text as it will be read, one line per input line"},
    {"phonemes", 0, NULL, OPT_PHONEMES,
     "print what eSpeak NG will say (its phoneme mnemonics), one\nline per input line"},
    {"ipa", 0, NULL, OPT_IPA, "the same as --phonemes, in IPA"},
    {"explain", 0, NULL, OPT_EXPLAIN,
     "print, for each input line, each token, the rule that read it and its reading"},
    {"html", 0, NULL, OPT_HTML, "read the inputs as a web page (automatic: known by content)"},
    {"extract", 0, NULL, OPT_EXTRACT,
     "print the text found in the inputs (a page's article, a\ndocument's text), headings marked "
     "'# '"},
    {"captions-of-images", 0, NULL, OPT_CAPTIONS_OF_IMAGES,
     "also read the captions under a page's pictures"},
    {"timeout", 0, "S", OPT_TIMEOUT, "give up on a URL after S seconds (default 30)"},
    {"interactive", 'i', NULL, OPT_INTERACTIVE,
     "listen to one FILE with the keyboard (h lists the keys):\nspace pause, arrows move, +/- "
     "rate, w where am I, q quit;\nresumes where the last run stopped"},
    {"from-start", 0, NULL, OPT_FROM_START, "with -i: start at the first sentence"},
    {"quiet-feedback", 0, NULL, OPT_QUIET_FEEDBACK, "with -i: print messages, do not speak them"},
    {"earcons", 0, NULL, OPT_EARCONS,
     "soft sounds: a tick at each paragraph, a double tick at\na heading, two falling tones at the "
     "end (-i: the key e\nturns them on and off)"},
    {NULL, 0, NULL, 0, "Output:"},
    {"output", 'o', "FILE", OPT_OUTPUT,
     "save to FILE (.wav .flac .ogg .opus .mp3 .raw);\n'-' is stdout; may be repeated; without -o "
     "the text is played"},
    {"format", 0, "NAME", OPT_FORMAT,
     "wav, flac, ogg, opus, mp3 or raw (16-bit little-endian mono)"},
    {"play", 0, NULL, OPT_PLAY, "also play while saving"},
    {"device", 0, "N|NAME", OPT_DEVICE,
     "sound device by number or part of its name ('null': none)"},
    {"speed-factor", 0, "F", OPT_SPEED_FACTOR,
     "with --device null: play F times faster than real time"},
    {"list-devices", 0, NULL, OPT_LIST_DEVICES, "list sound devices"},
    {NULL, 0, NULL, 0, "Produced files:"},
    {"sample-rate", 0, "HZ", OPT_FILE, "e.g. 44100 or 48000 (libsoxr); .opus: 48000 by default"},
    {"bits", 0, "16|24", OPT_FILE, "bit depth of WAV and FLAC files"},
    {"loudness", 0, "LUFS", OPT_FILE, "integrated loudness (EBU R128), e.g. -23; -1 dBTP ceiling"},
    {"true-peak", 0, "DBTP", OPT_FILE, "true-peak ceiling, e.g. -1 (a limiter, never clipping)"},
    {"preset", 0, "NAME", OPT_FILE,
     "broadcast: 48 kHz 24-bit Broadcast WAV, -23 LUFS, -1 dBTP;\nweb: MP3 44.1 kHz, -16 LUFS, -1 "
     "dBTP; later options override"},
    {"title", 0, "TEXT", OPT_FILE, "Broadcast WAV description (written without diacritics)"},
    {"originator", 0, "TEXT", OPT_FILE, "Broadcast WAV originator (default vnreader)"},
    {NULL, 0, NULL, 0, "Voice:"},
    {"voice", 0, "NAME|PATH", OPT_VOICE, "north (default), central, south, or a .voice file"},
    {"list-voices", 0, NULL, OPT_LIST_VOICES, "list the voices"},
    {"rate", 0, "WPM", OPT_RATE, "words per minute, 80 to 900"},
    {"pitch", 0, "N", OPT_PITCH, "0 to 100 (50 is normal)"},
    {"volume", 0, "N", OPT_VOLUME, "0 to 200 (100 is normal)"},
    {"lexicon", 0, "FILE", OPT_LEXICON, "extra readings, 'word<TAB>reading' lines"},
    {NULL, 0, NULL, 0, "Reading:"},
    {"punctuation", 0, "none|some|all", OPT_PUNCTUATION,
     "say punctuation marks: none (pauses only),\nsome (? ! : ( ) quotes ...), all (also . , ; and "
     "dashes)"},
    {"spell", 0, NULL, OPT_SPELL, "spell letter by letter (\"ộ\" is read \"ô nặng\")"},
    {"capitals", 0, NULL, OPT_CAPITALS,
     "say \"hoa\" before capitals when spelling; a higher pitch\nfor capitalised words otherwise"},
    {"sentence-gap", 0, "MS", OPT_SENTENCE_GAP, "silence between sentences, in milliseconds"},
    {NULL, 0, NULL, 0, "Production:"},
    {"captions", 0, "FILE", OPT_CAPTIONS,
     "captions of the sentences as written: FILE.srt or FILE.vtt;\n"
     "with --batch: srt or vtt, one beside each output"},
    {"transcript", 0, "FILE", OPT_TRANSCRIPT,
     "the sentences as written, one per line; with --batch and\nno FILE: one .txt beside each "
     "output"},
    {"bulletin", 0, "FILE", OPT_BULLETIN,
     "read a bulletin file (intro, items, gaps, outro) instead"},
    {"batch", 0, NULL, OPT_BATCH,
     "each FILE (or text file in a folder and its sub-folders)\nto its own output in the folder "
     "of -o (sub-folders\nmirrored), skipping outputs newer than their input"},
    {"jobs", 'j', "N", OPT_JOBS, "with --batch: N files at a time (default: one per processor)"},
    {NULL, 0, NULL, 0, "Other:"},
    {"quiet", 'q', NULL, OPT_QUIET, "no progress line and no warnings"},
    {"verbose", 'v', NULL, OPT_VERBOSE, "with -i: after each spoken message, the samples played"},
    {"help", 'h', NULL, OPT_HELP, "show this help"},
    {"version", 0, NULL, OPT_VERSION, "show the version"},
};

#define N_OPTS (sizeof opt_table / sizeof opt_table[0])

#define HELP_COLUMN 23

/* --help, from the table: "  -o, --output FILE    save to FILE ..." */
void cli_usage(FILE *f)
{
    fputs("Usage: vnreader [options] [FILE...]\n"
          "Read Vietnamese text aloud with eSpeak NG, or save the speech to a file.\n"
          "FILEs are read one after another; '-' or no FILE reads standard input.\n"
          "A FILE may be text, a web page, .epub, .docx, .odt or .pdf (known by its content),\n"
          "or an http:// or https:// URL.\n\n",
          f);
    for (size_t i = 0; i < N_OPTS; i++) {
        const opt_def *d = &opt_table[i];
        if (!d->name) {
            fprintf(f, "%s\n", d->help);
            continue;
        }
        char left[64];
        int n = snprintf(left, sizeof left, "  %c%c%c --%s%s%s", d->letter ? '-' : ' ',
                         d->letter ? d->letter : ' ', d->letter ? ',' : ' ', d->name,
                         d->arg ? " " : "", d->arg ? d->arg : "");
        fprintf(f, "%-*s%s", HELP_COLUMN - 1, left, n > HELP_COLUMN - 1 ? "  " : " ");
        for (const char *h = d->help; *h; h++) {
            fputc(*h, f);
            if (*h == '\n')
                fprintf(f, "%*s", HELP_COLUMN, "");
        }
        fputc('\n', f);
    }
    fputs("\nExit status: 0 done, 1 runtime error, 2 usage error, 128+N stopped by signal N.\n"
          "Examples:\n"
          "  vnreader bai-bao.txt                 read a file aloud\n"
          "  vnreader -o tin.mp3 bai-bao.txt      save it as MP3\n"
          "  vnreader -o - --format raw tin.txt | aplay -f S16_LE -r 22050 -c 1\n",
          f);
}

#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
static int
usage_error(const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cli_error("%s", msg);
    fputs("Try 'vnreader --help' for more information.\n", stderr);
    return EXIT_USAGE;
}

static int parse_int(const char *name, const char *value, int lo, int hi, int *out)
{
    char *end;
    errno = 0;
    long n = strtol(value, &end, 10);
    if (end == value || *end || errno || n < lo || n > hi) {
        return usage_error("--%s: expected a whole number from %d to %d, got '%s'", name, lo, hi,
                           value);
    }
    *out = (int)n;
    return EXIT_OK;
}

/* The null device's speed: 20 plays a minute of speech in three seconds (for tests). */
static int parse_speed(const char *value, double *out)
{
    char *end;
    errno = 0;
    double f = strtod(value, &end);
    if (end == value || *end || errno || !(f > 0 && f <= 1000))
        return usage_error("--speed-factor: expected a number above 0, at most 1000, got '%s'",
                           value);
    *out = f;
    return EXIT_OK;
}

static int parse_punctuation(const char *value, vnr_punctuation *out)
{
    static const char *const names[] = {"none", "some", "all"};
    for (int i = 0; i < 3; i++)
        if (strcmp(value, names[i]) == 0) {
            *out = (vnr_punctuation)i;
            return EXIT_OK;
        }
    return usage_error("--punctuation: expected none, some or all, got '%s'", value);
}

static int apply(cli_options *o, const opt_def *def, const char *arg)
{
    switch (def->id) {
    case OPT_FILE:
        return cli_apply_file_option(o, def->name, arg);
    case OPT_CAPTIONS:
        o->captions = arg;
        break;
    case OPT_TRANSCRIPT:
        o->transcript = arg;
        break;
    case OPT_BULLETIN:
        o->bulletin = arg;
        break;
    case OPT_BATCH:
        o->batch = true;
        break;
    case OPT_JOBS:
        return parse_int(def->name, arg, 1, 256, &o->jobs);
    case OPT_PUNCTUATION:
        return parse_punctuation(arg, &o->punctuation);
    case OPT_SENTENCE_GAP:
        return parse_int(def->name, arg, 0, 60000, &o->sentence_gap);
    case OPT_SPELL:
        o->spell = true;
        break;
    case OPT_CAPITALS:
        o->capitals = true;
        break;
    case OPT_HTML:
        o->html = true;
        break;
    case OPT_EXTRACT:
        o->extract = true;
        break;
    case OPT_CAPTIONS_OF_IMAGES:
        o->captions_of_images = true;
        break;
    case OPT_TIMEOUT:
        return parse_int(def->name, arg, 1, 3600, &o->timeout);
    case OPT_INTERACTIVE:
        o->interactive = true;
        break;
    case OPT_FROM_START:
        o->from_start = true;
        break;
    case OPT_QUIET_FEEDBACK:
        o->quiet_feedback = true;
        break;
    case OPT_EARCONS:
        o->earcons = true;
        break;
    case OPT_VERBOSE:
        o->verbose = true;
        break;
    case OPT_PHONEMES:
        o->phonemes = CLI_PHONEMES_MNEMONIC;
        break;
    case OPT_IPA:
        o->phonemes = CLI_PHONEMES_IPA;
        break;
    case OPT_TEXT:
        o->inputs[o->n_inputs++] = (cli_input){true, arg};
        break;
    case OPT_OUTPUT:
        o->outputs[o->n_outputs++] = arg;
        break;
    case OPT_FORMAT:
        o->format = vnr_format_from_name(arg);
        if (o->format == VNR_FORMAT_AUTO)
            return usage_error("--format: unknown format '%s' (wav, flac, ogg, opus, mp3, raw)",
                               arg);
        break;
    case OPT_RATE:
        return parse_int(def->name, arg, 80, 900, &o->rate);
    case OPT_PITCH:
        return parse_int(def->name, arg, 0, 100, &o->pitch);
    case OPT_VOLUME:
        return parse_int(def->name, arg, 0, 200, &o->volume);
    case OPT_DEVICE:
        o->device = arg;
        break;
    case OPT_SPEED_FACTOR:
        return parse_speed(arg, &o->speed_factor);
    case OPT_VOICE:
        o->voice = arg;
        break;
    case OPT_LEXICON:
        o->lexicon = arg;
        break;
    case OPT_NORMALIZE:
        o->normalize = true;
        break;
    case OPT_EXPLAIN:
        o->normalize = o->explain = true;
        break;
    case OPT_PLAY:
        o->play = true;
        break;
    case OPT_LIST_DEVICES:
        o->list_devices = true;
        break;
    case OPT_LIST_VOICES:
        o->list_voices = true;
        break;
    case OPT_QUIET:
        o->quiet = true;
        break;
    case OPT_HELP:
        o->help = true;
        break;
    case OPT_VERSION:
        o->version = true;
        break;
    }
    return EXIT_OK;
}

static const opt_def *find_long(const char *name, size_t n)
{
    for (size_t i = 0; i < N_OPTS; i++)
        if (opt_table[i].name && strlen(opt_table[i].name) == n &&
            strncmp(opt_table[i].name, name, n) == 0)
            return &opt_table[i];
    return NULL;
}

static const opt_def *find_short(char letter)
{
    for (size_t i = 0; i < N_OPTS; i++)
        if (opt_table[i].name && opt_table[i].letter == letter)
            return &opt_table[i];
    return NULL;
}

/* One "--name[=value]" at argv[*i]; may consume argv[*i + 1]. */
/* A bare --transcript (nothing after it, or another option next): with --batch it means "a
 * .txt beside each output"; --batch may come later, so check_production decides. */
static const char bare_transcript[] = "";

static int parse_long(int argc, char **argv, int *i, cli_options *o)
{
    const char *name = argv[*i] + 2;
    const char *eq = strchr(name, '=');
    const opt_def *def = find_long(name, eq ? (size_t)(eq - name) : strlen(name));
    if (!def)
        return usage_error("unknown option '%s'", argv[*i]);
    if (!def->arg) {
        if (eq)
            return usage_error("option '--%s' takes no value", def->name);
        return apply(o, def, NULL);
    }
    if (eq)
        return apply(o, def, eq + 1);
    bool bare = *i + 1 >= argc || (argv[*i + 1][0] == '-' && argv[*i + 1][1] != '\0');
    if (bare && def->id == OPT_TRANSCRIPT)
        return apply(o, def, bare_transcript);
    if (*i + 1 >= argc)
        return usage_error("option '%s' needs a value", argv[*i]);
    return apply(o, def, argv[++*i]);
}

/* "-q", "-o FILE", "-oFILE", "-qo FILE". */
static int parse_short(int argc, char **argv, int *i, cli_options *o)
{
    for (const char *p = argv[*i] + 1; *p; p++) {
        const opt_def *def = find_short(*p);
        if (!def) {
            char bad[3] = {'-', *p, '\0'};
            return usage_error("unknown option '%s'", bad);
        }
        if (!def->arg) {
            apply(o, def, NULL);
            continue;
        }
        if (p[1])
            return apply(o, def, p + 1);
        if (*i + 1 >= argc)
            return usage_error("option '%s' needs a value", argv[*i]);
        return apply(o, def, argv[++*i]);
    }
    return EXIT_OK;
}

/* --captions, --bulletin, --batch: what they cannot be combined with. */
static int check_production(cli_options *o)
{
    if (o->transcript == bare_transcript) {
        if (!o->batch)
            return usage_error("option '--transcript' needs a value (a file name)");
        o->transcript = "txt";
    }
    if (o->bulletin && o->n_inputs > 0)
        return usage_error("--bulletin: the bulletin file names the inputs; no FILE or -t");
    if (o->jobs && !o->batch)
        return usage_error("--jobs goes with --batch");
    if (!o->batch)
        return EXIT_OK;
    if (o->n_outputs != 1 || !strcmp(o->outputs[0], "-"))
        return usage_error("--batch needs one output folder: -o DIR");
    if (o->n_inputs == 0)
        return usage_error("--batch needs input files or folders");
    for (size_t i = 0; i < o->n_inputs; i++)
        if (o->inputs[i].is_text || !strcmp(o->inputs[i].value, "-"))
            return usage_error("--batch reads files and folders, not -t or standard input");
    if (o->captions && strcmp(o->captions, "srt") != 0 && strcmp(o->captions, "vtt") != 0)
        return usage_error("--batch --captions: srt or vtt (one beside each output), not '%s'",
                           o->captions);
    if (o->transcript && strcmp(o->transcript, "txt") != 0)
        return usage_error("--batch --transcript (or --transcript txt): one .txt beside each "
                           "output, not '%s'",
                           o->transcript);
    if (o->bulletin || o->play)
        return usage_error("--batch makes files only: no --bulletin or --play");
    return EXIT_OK;
}

int cli_parse(int argc, char **argv, cli_options *o)
{
    memset(o, 0, sizeof *o);
    o->rate = o->pitch = o->volume = -1;
    o->sentence_gap = -1;
    vnr_file_options_init(&o->file);
    o->inputs = calloc((size_t)argc + 1, sizeof *o->inputs);
    o->outputs = calloc((size_t)argc + 1, sizeof *o->outputs);
    if (!o->inputs || !o->outputs) {
        cli_error("out of memory");
        return EXIT_RUNTIME;
    }
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int rc = EXIT_OK;
        if (options_done || a[0] != '-' || strcmp(a, "-") == 0)
            o->inputs[o->n_inputs++] = (cli_input){false, a};
        else if (strcmp(a, "--") == 0)
            options_done = true;
        else if (a[1] == '-')
            rc = parse_long(argc, argv, &i, o);
        else
            rc = parse_short(argc, argv, &i, o);
        if (rc != EXIT_OK)
            return rc;
    }
    if (o->n_outputs == 0 && !o->batch)
        o->play = true;
    int rc = check_production(o);
    if (rc != EXIT_OK)
        return rc;
    return EXIT_OK;
}

void cli_options_free(cli_options *o)
{
    free(o->inputs);
    free(o->outputs);
}
