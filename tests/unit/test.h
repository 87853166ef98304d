/* test.h - the tiny test harness: a {name, fn} table in main.c, CHECK macros that report
 * file:line and keep going, so one run shows every failure. */
#ifndef VNR_TEST_H
#define VNR_TEST_H

#include <stdio.h>
#include <string.h>

extern int vnr_test_failures;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);               \
            vnr_test_failures++;                                                                   \
        }                                                                                          \
    } while (0)

#define CHECK_STR(got, want)                                                                       \
    do {                                                                                           \
        const char *g_ = (got), *w_ = (want);                                                      \
        if (!g_ || strcmp(g_, w_) != 0) {                                                          \
            fprintf(stderr, "%s:%d: %s\n   want: %s\n   got:  %s\n", __FILE__, __LINE__, #got, w_, \
                    g_ ? g_ : "(null)");                                                           \
            vnr_test_failures++;                                                                   \
        }                                                                                          \
    } while (0)

#define CHECK_INT(got, want)                                                                       \
    do {                                                                                           \
        long long g_ = (long long)(got), w_ = (long long)(want);                                   \
        if (g_ != w_) {                                                                            \
            fprintf(stderr, "%s:%d: %s == %lld, want %lld\n", __FILE__, __LINE__, #got, g_, w_);   \
            vnr_test_failures++;                                                                   \
        }                                                                                          \
    } while (0)

/* Every test file declares its tests here; main.c lists them in its table. */
#define VNR_TESTS(X)                                                                               \
    X(test_utf8_decode)                                                                            \
    X(test_buf)                                                                                    \
    X(test_status_messages)                                                                        \
    X(test_numbers_north)                                                                          \
    X(test_numbers_south)                                                                          \
    X(test_clean)                                                                                  \
    X(test_input_lines)                                                                            \
    X(test_input_invalid_utf8)                                                                     \
    X(test_input_binary)                                                                           \
    X(test_sentences)                                                                              \
    X(test_lexicon_load)                                                                           \
    X(test_lexicon_errors)                                                                         \
    X(test_utf8_next_agrees)                                                                       \
    X(test_lexicon_filter)                                                                         \
    X(test_list_words)                                                                             \
    X(test_symbol_table)                                                                           \
    X(test_symbol_errors)                                                                          \
    X(test_context_lists)                                                                          \
    X(test_explain)                                                                                \
    X(test_normalize_lines)                                                                        \
    X(test_reading_options)                                                                        \
    X(test_html_extract)                                                                           \
    X(test_html_input_lines)                                                                       \
    X(test_voice_load)                                                                             \
    X(test_voice_unknown_key)                                                                      \
    X(test_synth_sentence)                                                                         \
    X(test_sink_formats)                                                                           \
    X(test_sink_abort_keeps_old_file)                                                              \
    X(test_sink_stream)                                                                            \
    X(test_reader_pauses)                                                                          \
    X(test_ring_basic)                                                                             \
    X(test_ring_threads)                                                                           \
    X(test_null_device)                                                                            \
    X(test_null_device_stop_unblocks)                                                              \
    X(test_reader_null_device)                                                                     \
    X(test_input_pieces)                                                                           \
    X(test_reader_long_line)                                                                       \
    X(test_reader_skip_sentences)                                                                  \
    X(test_reader_stop)                                                                            \
    X(test_captions_format)                                                                        \
    X(test_captions_long_sentence)                                                                 \
    X(test_captions_phrases)                                                                       \
    X(test_phrase_classes)                                                                         \
    X(test_phrase_classes_without_lexicon)                                                         \
    X(test_captions_word_groups)                                                                   \
    X(test_captions_phrase_data)                                                                   \
    X(test_reader_sentences)                                                                       \
    X(test_bulletin_file)                                                                          \
    X(test_ascii_fold)                                                                             \
    X(test_resampled_position)                                                                     \
    X(test_limiter_ceiling)                                                                        \
    X(test_limiter_true_peak)                                                                      \
    X(test_meter_matches_cascade)                                                                  \
    X(test_meter_tech3341)                                                                         \
    X(test_true_peak_matches_oversampling)                                                         \
    X(test_produce_refuses)                                                                        \
    X(test_document_sentences)                                                                     \
    X(test_content_blocks)                                                                         \
    X(test_content_sections)                                                                       \
    X(test_content_errors)                                                                         \
    X(test_document_only_marks)                                                                    \
    X(test_reader_document_paragraphs)                                                             \
    X(test_reader_only_marks)                                                                      \
    X(test_earcon_sounds)                                                                          \
    X(test_reader_earcons)                                                                         \
    X(test_pron_parse)                                                                             \
    X(test_pron_rewrite)                                                                           \
    X(test_pron_brackets_are_text)                                                                 \
    X(test_pron_word_events)                                                                       \
    X(test_mp3_framing)                                                                            \
    X(test_mp3_tag_is_lames)                                                                       \
    X(test_mp3_join)                                                                               \
    X(test_dl_open)

#define VNR_DECLARE(name) void name(void);
VNR_TESTS(VNR_DECLARE)

/* test_context.c: a voices folder in /tmp with the real vi/ files but context.tsv, which holds
 * `context` (a static name, valid until the next call); remove_voices deletes it. */
char *voices_with_context(const char *context);
void remove_voices(const char *dir);
/* test_context.c: the shipped vocabulary (voices/vi), loaded; the caller frees it. */
struct vnr_lexicon *shipped_lexicon(void);

/* Golden TSV runner (golden.c): runs every *.tsv in dir; returns the number of failures. */
int vnr_run_golden_dir(const char *dir);

#endif
