/* text_tracks.c - --captions and --transcript: the reader reports each sentence as written with
 * its sample positions, and both files take it from one callback. They are written like the
 * audio (temporary name, renamed at the end), after the audio is complete. */
#include "cli.h"

#include <string.h>

static void on_sentence(void *user, const vnr_sentence *s)
{
    cli_text_tracks *t = user;
    if (t->captions)
        vnr_captions_sentence(t->captions, s);
    if (t->transcript)
        vnr_captions_sentence(t->transcript, s);
}

static int open_one(const char *path, vnr_caption_format format, vnr_captions **out)
{
    vnr_diag diag = {""};
    if (vnr_captions_new(path, format, out, &diag) != VNR_OK) {
        cli_error("%s", diag.text);
        return EXIT_RUNTIME;
    }
    return EXIT_OK;
}

int cli_text_tracks_open(cli_text_tracks *t, const cli_options *o, vnr_reader *reader,
                         const vnr_lexicon *lex)
{
    memset(t, 0, sizeof *t);
    int rc = EXIT_OK;
    if (o->captions)
        rc = open_one(o->captions, VNR_CAPTIONS_AUTO, &t->captions);
    if (t->captions) /* the phrase lists of context.tsv: "... | trong khi", never "ông | Nguyễn" */
        vnr_captions_set_lexicon(t->captions, lex);
    if (rc == EXIT_OK && o->transcript)
        rc = open_one(o->transcript, VNR_CAPTIONS_TRANSCRIPT, &t->transcript);
    if (rc == EXIT_OK && (t->captions || t->transcript))
        vnr_reader_set_sentence_fn(reader, on_sentence, t);
    return rc;
}

static int finish_one(vnr_captions *c)
{
    vnr_diag diag = {""};
    if (c && vnr_captions_finish(c, &diag) != VNR_OK) {
        cli_error("%s", diag.text);
        return EXIT_RUNTIME;
    }
    return EXIT_OK;
}

int cli_text_tracks_finish(cli_text_tracks *t)
{
    int rc = finish_one(t->captions);
    return rc == EXIT_OK ? finish_one(t->transcript) : rc;
}

void cli_text_tracks_free(cli_text_tracks *t)
{
    vnr_captions_free(t->captions);
    vnr_captions_free(t->transcript);
    memset(t, 0, sizeof *t);
}
