/*
 * vnreader.h - the one public header of libvnreader, a Vietnamese text-to-speech reader.
 *
 * Data flow (one concept per source file):
 *   input (files, stdin, text) -> UTF-8 check + NFC cleaning -> paragraphs and sentences
 *   -> normalizer (tokenize -> classify -> expand) -> eSpeak NG synthesis -> audio sinks.
 *
 * Conventions, as in libsndfile and utf8proc:
 *   - every fallible call returns a vnr_status; outputs come last;
 *   - the library never prints and never exits; a vnr_diag (may be NULL) receives a
 *     one-line explanation such as "voices/vi/units.tsv:12: missing tab";
 *   - every call that can fail takes a vnr_diag (last), so a failure always has its one line;
 *   - heap objects come from *_new() or *_open() (from a file or text) and go with *_free(),
 *     which accepts NULL;
 *   - public structs the caller fills have an init function (vnr_voice_init,
 *     vnr_file_options_init), so fields can be added without breaking callers;
 *   - one time unit: durations and times are milliseconds (audio_ms, start_ms, gap_ms,
 *     *_pause_ms); positions in the audio are sample frames (vnr_sentence, vnr_reader_position);
 *   - strings are UTF-8; returned strings are owned by the caller (free()) unless stated.
 * ABI: libvnreader.so.1 (0.2.0 added a diag to every fallible call, renamed vnr_voice_default,
 * vnr_bulletin_load and vnr_bulletin_gap, and moved times to milliseconds).
 * Thread safety: objects are not shared between threads unless a function says so.
 * eSpeak NG is one global engine: all vnr_synth and vnr_reader calls must come from one thread
 * (the synthesis thread), except the playback controls marked "any thread" (vnr_reader_stop,
 * vnr_reader_pause, vnr_reader_resume, vnr_sink_pause/resume/stop, vnr_sink_position/queued).
 *
 * Live playback streams: the synthesis thread writes each sentence's samples, as eSpeak NG makes
 * them, into a lock-free single-producer single-consumer ring; the device side (PortAudio's
 * callback, or the null device's timer thread) only copies from that ring, or plays silence when
 * it is empty, paused or stopped. Pause, resume and stop are atomic flags the device side reads
 * at every audio buffer (256 samples, about 12 ms at 22 050 Hz).
 */
#ifndef VNREADER_H
#define VNREADER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VNR_VERSION "0.2.0"

/* The library is built with -fvisibility=hidden: only what this header marks VNR_API is
 * exported from libvnreader.so (tests/header_test.sh compares `nm -D` with this header). */
#if defined(__GNUC__) && !defined(VNR_STATIC)
#define VNR_API __attribute__((visibility("default")))
#else
#define VNR_API
#endif

/* Status codes. Values are stable: new codes are only appended. */
typedef enum vnr_status {
    VNR_OK = 0,
    VNR_ERR_NOMEM = 1,     /* out of memory */
    VNR_ERR_IO = 2,        /* a file could not be opened, read or written */
    VNR_ERR_UTF8 = 3,      /* invalid UTF-8 (the bad bytes were skipped) */
    VNR_ERR_BINARY = 4,    /* NUL bytes: a binary file, refused */
    VNR_ERR_PARSE = 5,     /* a bad line in a lexicon or voice file */
    VNR_ERR_NOT_FOUND = 6, /* no such voice, device or file */
    VNR_ERR_ENGINE = 7,    /* eSpeak NG failed */
    VNR_ERR_AUDIO = 8,     /* the audio device failed */
    VNR_ERR_NO_DEVICE = 9, /* no sound device at all */
    VNR_ERR_FORMAT = 10,   /* unknown or unsupported output format */
    VNR_ERR_INVALID = 11,  /* an argument out of range */
    VNR_ERR_STOPPED = 12,  /* stopped on request (vnr_reader_stop) */
    VNR_ERR_IS_DIR = 13,   /* a directory where a file was expected */
    VNR_ERR_EMPTY = 14,    /* a page or document without any text to read */
    VNR_ERR_NETWORK = 15,  /* a URL could not be fetched (DNS, connection, HTTP status, timeout) */
    VNR_ERR_DOCUMENT = 16, /* a broken, encrypted or unsupported document (.pdf, .epub, ...) */
} vnr_status;

/* A fixed message for each status ("out of memory"); never NULL. */
VNR_API const char *vnr_status_message(vnr_status status);

/* Detail of the last failure of a call, one line, no trailing newline. */
typedef struct vnr_diag {
    char text[512];
} vnr_diag;

/* Called for problems that do not stop the work (an invalid UTF-8 sequence skipped). */
typedef void (*vnr_warn_fn)(void *user, const char *message);

/* ---------------------------------------------------------------------------------------------
 * Voices: a small key=value profile (voices/north.voice ...). */

/* Regional reading of numbers: north "nghìn, linh, tư", south "ngàn, lẻ, bốn". */
typedef struct vnr_numbers {
    char thousand[16];  /* 1000: "nghìn" or "ngàn" */
    char zero_tens[16]; /* 105: "một trăm linh năm" or "một trăm lẻ năm" */
    char four[16];      /* 24: "hai mươi tư" or "hai mươi bốn" */
} vnr_numbers;

typedef struct vnr_voice {
    char name[64];         /* "north" */
    char description[128]; /* "Northern (Hà Nội), national news" */
    char espeak_voice[64]; /* "vi", "vi-vn-x-central", "vi-vn-x-south" */
    vnr_numbers numbers;
    int rate;               /* words per minute, 80..900 */
    int pitch;              /* 0..100 */
    int volume;             /* 0..200, 100 = normal */
    int sentence_pause_ms;  /* silence between sentences */
    int paragraph_pause_ms; /* silence between paragraphs */
    /* The pronunciation table (README "How each voice pronounces"): "pronunciation =
     * vi/pronunciation/north.tsv" in the voice file, relative to its folder; a relative name here
     * is relative to vnr_data_dir(); "none" (or empty): eSpeak NG reads every syllable itself. */
    char pronunciation[512];
} vnr_voice;

/* The built-in Northern profile (used when no voice file is found). */
VNR_API void vnr_voice_init(vnr_voice *out);

/* Load a voice by name ("south": voices_dir/south.voice) or by path (contains '/' or ends
 * in ".voice"). Unknown keys are reported through warn and ignored. */
VNR_API vnr_status vnr_voice_load(const char *name_or_path, const char *voices_dir, vnr_voice *out,
                                  vnr_warn_fn warn, void *user, vnr_diag *diag);

/* The voices_dir to use: $VNREADER_DATA/voices (or $VNREADER_DATA itself); else, for the
 * uninstalled program, the source tree's voices/; else PREFIX/share/vnreader/voices of the
 * installation. Returns a static string. */
VNR_API const char *vnr_data_dir(void);

/* ---------------------------------------------------------------------------------------------
 * Lexicon: vocabulary as data, UTF-8 "key<TAB>reading" lines, '#' comments. */

typedef enum vnr_lexicon_kind {
    VNR_LEX_ABBREVIATION = 0, /* whole token, case-sensitive: UBND, TP.HCM, Q. */
    VNR_LEX_UNIT = 1,         /* next to a number, case-sensitive: km, m², °C */
    VNR_LEX_CURRENCY = 2,     /* next to a number: đ, VNĐ, USD, $ */
    VNR_LEX_LOANWORD = 3,     /* whole word, case-insensitive: Covid -> cô vít */
    VNR_LEX_LETTER = 4,       /* letter names for spelling: b -> bê */
    VNR_LEX_USER = 5,         /* user entries: checked first, exact then case-insensitive */
    VNR_LEX_SYMBOL = 6,       /* symbols.tsv: one character -> its name ("$" -> đô la); the file's
                               * further columns (punctuation level, readings in context) are the
                               * normalizer's; a lookup returns the name */
    VNR_LEX_KEY = 7, /* keys.tsv: speech-dispatcher key names -> reading (enter, control) */
    VNR_LEX_KINDS = 8
} vnr_lexicon_kind;

typedef struct vnr_lexicon vnr_lexicon;

VNR_API vnr_status vnr_lexicon_new(vnr_lexicon **out, vnr_diag *diag);
VNR_API void vnr_lexicon_free(vnr_lexicon *lex);

/* Load one TSV file into a table; later entries override earlier ones. A malformed line
 * fails the load with "path:line: reason" in diag. */
VNR_API vnr_status vnr_lexicon_load_file(vnr_lexicon *lex, vnr_lexicon_kind kind, const char *path,
                                         vnr_diag *diag);

/* Load the standard files of dir (dir/vi/abbreviations.tsv, units.tsv, currencies.tsv,
 * loanwords.tsv, letters.tsv, symbols.tsv, keys.tsv), then, if present,
 * $XDG_CONFIG_HOME/vnreader/lexicon.tsv (VNR_LEX_USER) and symbols.tsv (VNR_LEX_SYMBOL). */
VNR_API vnr_status vnr_lexicon_load_default(vnr_lexicon *lex, const char *voices_dir,
                                            vnr_diag *diag);

/* The reading of key in one table, or NULL. The pointer lives as long as lex. */
VNR_API const char *vnr_lexicon_lookup(const vnr_lexicon *lex, vnr_lexicon_kind kind,
                                       const char *key, size_t key_len);

/* ---------------------------------------------------------------------------------------------
 * Text: cleaning, input, sentences. */

/* Clean one piece of text: drop invalid UTF-8 bytes (counted in *n_invalid, may be NULL),
 * map to Unicode NFC, remove zero-width characters and soft hyphens. *out is NUL-terminated
 * and owned by the caller. Fails only for NOMEM and for NUL bytes (VNR_ERR_BINARY). */
VNR_API vnr_status vnr_text_clean(const char *text, size_t len, char **out, size_t *out_len,
                                  size_t *n_invalid, vnr_diag *diag);

/* A line-by-line reader over a file, stdin ("-" or NULL path) or a memory buffer.
 * Each line comes cleaned (see vnr_text_clean) without its newline; invalid UTF-8 is
 * reported through warn as "name:line: invalid UTF-8" and skipped; a NUL byte fails the read
 * with VNR_ERR_BINARY. Memory is bounded by the longest line. */
typedef struct vnr_input vnr_input;

VNR_API vnr_status vnr_input_open_file(const char *path, vnr_input **out, vnr_diag *diag);
VNR_API vnr_status vnr_input_open_text(const char *text, size_t len, const char *name,
                                       vnr_input **out, vnr_diag *diag);
/* HTML (extract.c over libxml2's forgiving HTML parser, no depth limit): the article of a page,
 * found by scoring (see "Content of documents and web pages" below): headline, lead, body; one
 * line per extracted line, a blank line between blocks, heading lines marked for
 * vnr_input_heading_level. A page with no article text fails with VNR_ERR_EMPTY ("page.html: no
 * article text found"). A page without a charset declaration is taken as UTF-8 (windows-1258
 * when it is not valid UTF-8). Bad HTML is recovered, never refused; NUL bytes fail with
 * VNR_ERR_BINARY. The whole file is read at open (a page is small); path NULL or "-" is stdin. */
VNR_API vnr_status vnr_input_open_html(const char *path, vnr_input **out, vnr_diag *diag);
VNR_API vnr_status vnr_input_open_html_text(const char *html, size_t len, const char *name,
                                            vnr_input **out, vnr_diag *diag);
/* The same extraction into one string: *out is NUL-terminated NFC UTF-8, owned by the caller;
 * a page without article text gives an empty string here, not an error. */
VNR_API vnr_status vnr_html_to_text(const char *html, size_t len, char **out, size_t *out_len,
                                    vnr_diag *diag);
VNR_API void vnr_input_set_warn(vnr_input *in, vnr_warn_fn warn, void *user);
/* Next line: *line points into the input's buffer, valid until the next call.
 * Returns VNR_OK with *line == NULL at the end. */
VNR_API vnr_status vnr_input_next_line(vnr_input *in, const char **line, size_t *len,
                                       vnr_diag *diag);
VNR_API long vnr_input_line_number(const vnr_input *in);
/* Bytes consumed and total size when known (0 for pipes), for progress displays. */
VNR_API uint64_t vnr_input_offset(const vnr_input *in);
VNR_API uint64_t vnr_input_size(const vnr_input *in);
VNR_API const char *vnr_input_name(const vnr_input *in);
VNR_API void vnr_input_free(vnr_input *in);

/* Non-zero when text has something to say: a letter or a digit of any script. "***", "– – –",
 * "…" and spaces have none. The one "is there speech" test: a line without it ends a paragraph
 * (vnr_document), a sentence whose words lack it is not given to eSpeak NG (vnr_reader), a
 * screen reader's spelled character without it falls back to another reading (sd_vnreader). */
VNR_API int vnr_text_speakable(const char *text, size_t len);

/* ---------------------------------------------------------------------------------------------
 * Content of documents and web pages (src/text: content.c, doctype.c, extract.c, fetch.c, epub.c,
 * office.c, pdf.c): what a file or URL holds, as a list of blocks in reading order: headings (with
 * their level, 1 for a title or chapter) and paragraphs. A block's text is NFC UTF-8 with single
 * spaces; it may hold line breaks (table cells, <br>). The input made from it marks the heading
 * lines, and the reader's vnr_document turns them into sections.
 * Ownership: a vnr_content is made by vnr_content_load/_from_memory and freed by vnr_content_free
 * (or by the input vnr_input_open_content gives it to); its blocks live as long as it does.
 * Thread safety: different contents may be loaded on different threads at once (libxml2,
 * libcurl and the class-name hints are set up once, thread-safely); one content is read-only
 * after loading. The page hints come from voices/web/page_hints.tsv under vnr_data_dir(). */

typedef enum vnr_doc_type {
    VNR_DOC_AUTO = 0, /* from the content (magic bytes, the zip's mimetype), then the name */
    VNR_DOC_TEXT,     /* plain UTF-8 text: one paragraph per line */
    VNR_DOC_HTML,     /* a web page: its article (headline, lead, body) by scoring */
    VNR_DOC_EPUB,     /* spine order, one section per chapter, the nav/TOC not read */
    VNR_DOC_DOCX,     /* Word: paragraphs, headings, lists, tables as lines, footnotes last */
    VNR_DOC_ODT,      /* OpenDocument text: the same */
    VNR_DOC_PDF,      /* text in reading order (poppler), repeated headers/footers dropped */
} vnr_doc_type;

typedef enum vnr_block_kind {
    VNR_BLOCK_PARAGRAPH = 0,
    VNR_BLOCK_HEADING = 1,
} vnr_block_kind;

typedef struct vnr_block {
    vnr_block_kind kind;
    int level;        /* headings: 1..6; paragraphs: 0 */
    const char *text; /* owned by the content, NUL-terminated */
    size_t len;
} vnr_block;

typedef struct vnr_content_options {
    vnr_doc_type type;      /* AUTO unless the caller knows (--html) */
    int captions;           /* web pages: read figure captions (default 0: skipped) */
    long timeout_seconds;   /* URLs: the whole transfer (default 30) */
    uint64_t max_bytes;     /* URLs and documents: refused above this (default 64 MB) */
    const char *user_agent; /* URLs: NULL for "vnreader/VERSION" */
} vnr_content_options;

typedef struct vnr_content vnr_content;

VNR_API void vnr_content_options_init(vnr_content_options *opts);
/* Is s an http:// or https:// URL (what vnr_content_load fetches)? */
VNR_API int vnr_is_url(const char *s);
/* The type of a file from its first bytes (head, len; at least 4 KB when the file has them) and
 * its name: %PDF, a zip whose mimetype or parts say EPUB, DOCX or ODT, an HTML start tag or the
 * .html/.htm name; else VNR_DOC_TEXT. A zip of another kind is VNR_DOC_AUTO (unknown). */
VNR_API vnr_doc_type vnr_doc_type_detect(const char *name, const void *head, size_t len);
/* The same from a file's first 4 KB; VNR_DOC_TEXT for stdin ("-"), folders and unreadable files
 * (opening them later gives the real error). */
VNR_API vnr_doc_type vnr_doc_type_of_file(const char *path);
VNR_API const char *vnr_doc_type_name(vnr_doc_type type);

/* Load a file, stdin ("-") or an http(s) URL (fetched with libcurl: redirects, gzip, the
 * charset from the headers or the page). Errors name the file or URL: "x.pdf: encrypted PDF",
 * "https://...: HTTP 404", "page.html: no article text found" (a document without any text is
 * an error, VNR_ERR_EMPTY). opts may be NULL (defaults). */
VNR_API vnr_status vnr_content_load(const char *path_or_url, const vnr_content_options *opts,
                                    vnr_content **out, vnr_diag *diag);
/* The same from memory; name is used in messages and (type AUTO) for the detection. */
VNR_API vnr_status vnr_content_from_memory(const void *data, size_t len, const char *name,
                                           const vnr_content_options *opts, vnr_content **out,
                                           vnr_diag *diag);
VNR_API vnr_doc_type vnr_content_type(const vnr_content *doc);
VNR_API const char *vnr_content_name(const vnr_content *doc);
VNR_API size_t vnr_content_blocks(const vnr_content *doc);
VNR_API const vnr_block *vnr_content_block(const vnr_content *doc, size_t i);
/* The blocks as text, a blank line between two blocks; mark_headings puts "# " (one '#' per
 * level) before each heading line, as --extract shows them. *out is owned by the caller. */
VNR_API vnr_status vnr_content_text(const vnr_content *doc, int mark_headings, char **out,
                                    size_t *out_len);
/* An input over the document's text (vnr_content_text without marks). The input takes doc
 * (freed with it, also on failure); vnr_input_heading_level tells which lines are headings. */
VNR_API vnr_status vnr_input_open_content(vnr_content *doc, vnr_input **out, vnr_diag *diag);
/* An input over a file, stdin ("-" or NULL) or URL, whatever it holds: plain text is streamed line
 * by line (vnr_input_open_file), anything else is loaded as a document (vnr_content_load; opts
 * may be NULL, opts->type forces a type, e.g. VNR_DOC_HTML for --html). */
VNR_API vnr_status vnr_input_open_path(const char *path_or_url, const vnr_content_options *opts,
                                       vnr_input **out, vnr_diag *diag);
/* The heading level (1..6) of the line last returned by vnr_input_next_line, 0 for other lines
 * and for inputs not made from a document. */
VNR_API int vnr_input_heading_level(const vnr_input *in);
VNR_API void vnr_content_free(vnr_content *doc);

/* Sentences of one line. Returns the byte length of the sentence that starts at text[0]
 * (including its closing punctuation and following spaces); 0 only when len is 0.
 * "TP.", "GS.TS.", "Q.1", "1.000", "v.v." and initials do not end a sentence; known
 * abbreviations come from lex (may be NULL). A sentence never exceeds about 1000 bytes: a longer
 * run is cut at a space or comma so synthesis can start early. */
VNR_API size_t vnr_sentence_length(const vnr_lexicon *lex, const char *text, size_t len);

/* ---------------------------------------------------------------------------------------------
 * Documents (document.c): a text cut once into sentences, the one model every front end reads
 * (the CLI, bulletins, captions, interactive listening and sd_vnreader all speak through
 * vnr_reader, which reads a vnr_document). Lines are cleaned as vnr_input gives them and cut
 * with vnr_sentence_length. A line with no letter or digit - blank, or only marks such as
 * "***", "* * *", "– – –" - is not a sentence: it ends the paragraph (a scene break in a story
 * is a paragraph break for the listener); a single line break does not. A sentence of only marks
 * inside a line ("...") is dropped too. */

typedef struct vnr_document vnr_document;

/* One sentence, as vnr_document_sentence() fills it. Pointers live until the document changes
 * or is freed. */
typedef struct vnr_doc_sentence {
    const char *text;   /* as written (cleaned, NFC), spaces around it removed; not terminated */
    size_t len;         /* bytes of text */
    size_t offset;      /* where text starts in vnr_document_text(): its byte range in the input */
    long line;          /* the input line it starts on, 1-based */
    size_t paragraph;   /* 0-based */
    long section;       /* the heading it comes under (0-based, in document order), -1: none */
    int heading;        /* 0: body text; 1..6: this sentence is a heading of that level */
    const char *spoken; /* the words as spoken, once vnr_reader has normalized it, else NULL */
} vnr_doc_sentence;

/* An empty document; lex (may be NULL; must outlive the document) gives the abbreviations that
 * do not end a sentence ("TP.", "GS."). */
VNR_API vnr_status vnr_document_new(const vnr_lexicon *lex, vnr_document **out, vnr_diag *diag);
VNR_API void vnr_document_free(vnr_document *doc);
/* Append every line of in (to its end), or of text (split at '\n', cleaned like an input). The
 * input's errors (VNR_ERR_BINARY, VNR_ERR_IO) come back with its diag. A text that is only
 * marks ("?", "***": no sentence at all) is kept as one sentence, so a screen reader with
 * punctuation on can read it. */
VNR_API vnr_status vnr_document_add_input(vnr_document *doc, vnr_input *in, vnr_diag *diag);
VNR_API vnr_status vnr_document_add_text(vnr_document *doc, const char *text, size_t len,
                                         vnr_diag *diag);
VNR_API size_t vnr_document_sentences(const vnr_document *doc);
VNR_API size_t vnr_document_paragraphs(const vnr_document *doc);
VNR_API size_t vnr_document_sections(const vnr_document *doc);
/* Sentence index (0-based); VNR_ERR_INVALID past the end. */
VNR_API vnr_status vnr_document_sentence(const vnr_document *doc, size_t index,
                                         vnr_doc_sentence *out, vnr_diag *diag);
/* Mark sentence index as a heading of level 1..6 (0 unmarks it): it starts a section, and the
 * sentences after it up to the next heading are in that section. For front ends and the input
 * stage that know the structure (HTML h1-h6, Markdown "#"). */
VNR_API vnr_status vnr_document_set_heading(vnr_document *doc, size_t index, int level,
                                            vnr_diag *diag);
/* The first sentence of a paragraph or section (clamped to the last one). */
VNR_API size_t vnr_document_paragraph_start(const vnr_document *doc, size_t paragraph);
VNR_API size_t vnr_document_section_start(const vnr_document *doc, size_t section);
/* The document's text: its lines joined by '\n', NUL-terminated; offsets index it. */
VNR_API const char *vnr_document_text(const vnr_document *doc, size_t *len);

/* ---------------------------------------------------------------------------------------------
 * Normalizer: written Vietnamese -> the words a news reader says. */

typedef struct vnr_normalizer vnr_normalizer;

/* lex must outlive the normalizer; numbers is copied. */
VNR_API vnr_status vnr_normalizer_new(const vnr_lexicon *lex, const vnr_numbers *numbers,
                                      vnr_normalizer **out, vnr_diag *diag);
VNR_API void vnr_normalizer_free(vnr_normalizer *norm);

/* Normalize text (any UTF-8; it is cleaned first). Line breaks are kept, so the output has
 * as many lines as the input. *out is NUL-terminated, NFC, owned by the caller. */
VNR_API vnr_status vnr_normalize(vnr_normalizer *norm, const char *text, size_t len, char **out,
                                 size_t *out_len, vnr_diag *diag);

/* Reading options for listeners (and screen readers: they map speech-dispatcher's SET
 * punctuation / spelling / cap_let_recogn). They apply from the next call of vnr_normalize. */
typedef enum vnr_punctuation {
    VNR_PUNCT_NONE = 0, /* default: marks are pauses only */
    VNR_PUNCT_SOME = 1, /* marks that carry meaning are said: ? ! : … ( ) [ ] { } quotes */
    VNR_PUNCT_ALL = 2, /* also . , ; dashes, apostrophes and * ("chấm", "phẩy", "gạch ngang") */
} vnr_punctuation;

/* "Bạn khỏe không?" -> some: "Bạn khỏe không chấm hỏi?"; the pause mark stays after the word.
 * An unknown mode gives VNR_ERR_INVALID. */
VNR_API vnr_status vnr_normalizer_set_punctuation(vnr_normalizer *norm, vnr_punctuation mode,
                                                  vnr_diag *diag);
/* Spell mode (on != 0): every character by its name, no other rule: letters by the names of
 * voices/vi/letters.tsv, a toned vowel as its letter then the tone ("ộ" -> "ô nặng",
 * "Đà" -> "đê a huyền"), digits by their names, marks and symbols by their names ("chấm",
 * "gạch chéo"), a pause (",") between words; other characters are silent. */
VNR_API void vnr_normalizer_set_spell(vnr_normalizer *norm, int on);
/* Capitals (on != 0): in spell mode "hoa" goes before a capital letter ("Bà" -> "hoa bê a
 * huyền"). Outside spell mode the normalizer is unchanged (see vnr_synth_set_capitals). */
VNR_API void vnr_normalizer_set_capitals(vnr_normalizer *norm, int on);
/* Explain mode (on != 0), for linguists and bug reports: vnr_normalize's output then lists,
 * for each input line, the line itself after "# ", and one line per token or group of tokens
 * a rule read: "written → rule → reading", e.g. "23/6 → date → ngày hai mươi ba tháng sáu".
 * The rule names are those of the classifier table (src/normalize/classify.c). */
VNR_API void vnr_normalizer_set_explain(vnr_normalizer *norm, int on);

/* Read an integer written with digits as Vietnamese words, e.g. "105" -> "một trăm linh năm"
 * (north). Appends to a caller buffer; returns the length needed (snprintf-like). */
VNR_API size_t vnr_read_number(const vnr_numbers *numbers, const char *digits, size_t n_digits,
                               char *buf, size_t size);

/* ---------------------------------------------------------------------------------------------
 * Synthesis: eSpeak NG, one sentence per call. */

typedef struct vnr_synth vnr_synth;

/* Receives 16-bit mono samples as they are made; return non-zero to stop the sentence. */
typedef int (*vnr_audio_fn)(void *user, const int16_t *samples, size_t n);

/* Initialise eSpeak NG (once per process) with its data path (NULL: the system's) and select
 * the voice's eSpeak voice, rate, pitch and volume. */
VNR_API vnr_status vnr_synth_new(const vnr_voice *voice, vnr_synth **out, vnr_diag *diag);
VNR_API void vnr_synth_free(vnr_synth *synth);
VNR_API int vnr_synth_sample_rate(const vnr_synth *synth);
/* VNR_ERR_INVALID out of range (rate 80..900 words per minute, pitch 0..100, volume 0..200). */
VNR_API vnr_status vnr_synth_set_rate(vnr_synth *synth, int wpm, vnr_diag *diag);
VNR_API vnr_status vnr_synth_set_pitch(vnr_synth *synth, int pitch, vnr_diag *diag);
VNR_API vnr_status vnr_synth_set_volume(vnr_synth *synth, int volume, vnr_diag *diag);
/* on != 0: eSpeak NG raises the pitch of words written with a capital (espeakCAPITALS). */
VNR_API void vnr_synth_set_capitals(vnr_synth *synth, int on);
/* Word events (eSpeak NG's espeakEVENT_WORD): where each word of a sentence starts in its audio.
 * offset and len are bytes of the text given to vnr_synth_speak (the normalized words);
 * sample counts from the first sample that call delivers. Called on the synthesis thread, before
 * the samples of the word reach the vnr_audio_fn. */
typedef void (*vnr_word_fn)(void *user, size_t offset, size_t len, uint64_t sample);
/* fn (NULL: none) applies to the next vnr_synth_speak calls of this synth. */
VNR_API void vnr_synth_set_word_fn(vnr_synth *synth, vnr_word_fn fn, void *user);
/* What vnr_synth_speak would say for text (normalized words), as eSpeak NG's phoneme mnemonics
 * (the notation of "espeak-ng -x") or IPA, words separated by spaces, after the voice's
 * pronunciation table: "quốc hội" -> "kw'o#3k h'o6j". *out (NUL-terminated) is the caller's to
 * free(). Same thread rules as vnr_synth_speak. */
typedef enum vnr_phoneme_notation {
    VNR_PHONEMES_MNEMONIC = 0,
    VNR_PHONEMES_IPA = 1,
} vnr_phoneme_notation;
VNR_API vnr_status vnr_synth_phonemes(vnr_synth *synth, const char *text, size_t len,
                                      vnr_phoneme_notation notation, char **out, vnr_diag *diag);
/* Speak one already-normalized sentence. Returns VNR_ERR_STOPPED if fn asked to stop. */
VNR_API vnr_status vnr_synth_speak(vnr_synth *synth, const char *text, size_t len, vnr_audio_fn fn,
                                   void *user, vnr_diag *diag);

/* ---------------------------------------------------------------------------------------------
 * Audio sinks: where samples go. One run may feed several. */

typedef enum vnr_format {
    VNR_FORMAT_AUTO = 0, /* from the file name's extension; WAV if none */
    VNR_FORMAT_WAV,      /* PCM 16-bit */
    VNR_FORMAT_FLAC,
    VNR_FORMAT_OGG,  /* Ogg Vorbis */
    VNR_FORMAT_MP3,  /* MPEG layer III through libsndfile */
    VNR_FORMAT_RAW,  /* signed 16-bit little-endian mono, no header */
    VNR_FORMAT_OPUS, /* Ogg Opus: 8, 12, 16, 24 or 48 kHz only */
} vnr_format;

/* "wav" -> VNR_FORMAT_WAV; VNR_FORMAT_AUTO if unknown. */
VNR_API vnr_format vnr_format_from_name(const char *name);
/* The format implied by a path's extension, VNR_FORMAT_AUTO if none is known. */
VNR_API vnr_format vnr_format_from_path(const char *path);
VNR_API const char *vnr_format_name(vnr_format format);

typedef struct vnr_sink vnr_sink;

/* A file through libsndfile. A regular file is written to a temporary name in the same folder
 * and renamed over path by vnr_sink_finish(); a device, FIFO or /dev/stdout is written in place.
 * path "-" writes to stdout (RAW or WAV), flushed after every write. */
VNR_API vnr_status vnr_sink_file_new(const char *path, vnr_format format, int sample_rate,
                                     vnr_sink **out, vnr_diag *diag);
/* Live playback through PortAudio. device: NULL for the default, a number, or part of a name.
 * Fails with VNR_ERR_NO_DEVICE when there is no output device. device "null" is
 * vnr_sink_null_new(sample_rate, 1.0). Writes block while the ring (2^17 samples, about 6 s at
 * 22 050 Hz) is full, so synthesis runs ahead of the listener by that much and no more. */
VNR_API vnr_status vnr_sink_playback_new(const char *device, int sample_rate, vnr_sink **out,
                                         vnr_diag *diag);
/* The null device: a real-time device without hardware, for tests and machines without sound. A
 * thread with a timer takes 256 samples per period from the same ring through the same code as
 * the PortAudio callback, and discards them: the audio takes its own duration to "play", divided
 * by speed (1.0 = real time; 20 = twenty times faster; 0 < speed <= 1000). */
VNR_API vnr_status vnr_sink_null_new(int sample_rate, double speed, vnr_sink **out, vnr_diag *diag);
/* Samples handed to fn as the reader makes them (a speech-dispatcher module sends them to its
 * server). fn returns non-zero to stop: the write fails with VNR_ERR_STOPPED until
 * vnr_sink_restart. fn is called on the thread that writes (the synthesis thread). */
VNR_API vnr_status vnr_sink_callback_new(vnr_audio_fn fn, void *user, vnr_sink **out,
                                         vnr_diag *diag);
/* Print the output devices, one per line ("3: HDA Intel PCH: ALC892 Analog"), to fn. */
VNR_API vnr_status vnr_list_devices(void (*fn)(void *user, const char *line), void *user,
                                    vnr_diag *diag);

VNR_API vnr_status vnr_sink_write(vnr_sink *sink, const int16_t *samples, size_t n, vnr_diag *diag);
/* Complete the output: drain playback, or close and rename the file into place. */
VNR_API vnr_status vnr_sink_finish(vnr_sink *sink, vnr_diag *diag);
/* Release the sink. An unfinished file sink removes its temporary file, leaving any previous
 * file at the destination untouched. Async-signal paths must not call this. */
VNR_API void vnr_sink_free(vnr_sink *sink);

/* ---------------------------------------------------------------------------------------------
 * Produced files: sample rate, bit depth, loudness, Broadcast WAV metadata (produce.c). */

/* Loudness as EBU R128 measures it (ITU-R BS.1770, libebur128). Silence has no loudness: its
 * integrated, true peak and maxima are -HUGE_VAL. */
typedef struct vnr_loudness {
    double integrated;     /* gated integrated loudness, LUFS */
    double range;          /* loudness range, LU */
    double true_peak;      /* maximum true peak (4x oversampled), dBTP */
    double momentary_max;  /* maximum momentary (400 ms) loudness, LUFS */
    double short_term_max; /* maximum short-term (3 s) loudness, LUFS */
} vnr_loudness;

typedef struct vnr_file_options {
    int sample_rate;  /* of the file; 0: the input's, or 48000 for Opus */
    int bits;         /* 16 or 24, for WAV and FLAC; 0: 16 */
    int normalize;    /* non-zero: bring the integrated loudness to `loudness` */
    double loudness;  /* LUFS, e.g. -23 (EBU R128) or -16 (web) */
    int limit;        /* non-zero: keep the true peak at or under `true_peak` */
    double true_peak; /* dBTP, e.g. -1. Normalizing without limit still never clips (0 dBTP) */
    int broadcast; /* non-zero: a WAV file gets a bext chunk (so it does with title/originator) */
    const char *title;      /* bext description, diacritics removed (ASCII); copied; may be NULL */
    const char *originator; /* bext originator, ASCII-folded; copied; NULL: "vnreader" */
} vnr_file_options;

/* Every field to its default (what all zero means); call it before setting fields, so a field
 * added later gets its default too. */
VNR_API void vnr_file_options_init(vnr_file_options *opts);

/* A file sink that takes 16-bit samples at input_rate and writes the file opts asks for:
 * resampled with libsoxr, at 16 or 24 bits, loudness-normalized with a true-peak limiter, with
 * Broadcast WAV metadata measured on the final audio. opts NULL (or all zero) is
 * vnr_sink_file_new(). Loudness needs the whole program before the first sample can be written:
 * the resampled audio then goes to a temporary float file next to the output (unlinked at once,
 * so nothing is left even on a crash; about 690 MB per hour at 48 kHz) and is written with the
 * gain at vnr_sink_finish(); memory stays bounded. VNR_ERR_FORMAT, before any file is created,
 * for a combination the format cannot take (Opus at 44100 Hz, 24-bit MP3). */
VNR_API vnr_status vnr_sink_produce_new(const char *path, vnr_format format, int input_rate,
                                        const vnr_file_options *opts, vnr_sink **out,
                                        vnr_diag *diag);
/* Where the input's sample frame input_frame (a vnr_reader_position() or vnr_sentence start or
 * end) lands in the sink's output, in output frames: after resampling, exact and without drift
 * (no limiter delay: the look-ahead is taken back). The identity for other sinks. */
VNR_API uint64_t vnr_sink_output_frame(const vnr_sink *sink, uint64_t input_frame);
/* The passes of vnr_sink_finish() on a produced file with loudness options: pass is "loudness"
 * (the gain and limiter planned), then "writing" or "encoding" (lossy formats); fraction 0..1.
 * Called on the thread that calls vnr_sink_finish(). No effect on other sinks. */
typedef void (*vnr_pass_fn)(void *user, const char *pass, double fraction);
VNR_API void vnr_sink_set_pass_fn(vnr_sink *sink, vnr_pass_fn fn, void *user);
/* After vnr_sink_finish(): the loudness measured on the file's final audio (before encoding).
 * VNR_ERR_INVALID when the sink did not measure (no loudness option, no bext). */
VNR_API vnr_status vnr_sink_loudness(const vnr_sink *sink, vnr_loudness *out, vnr_diag *diag);
/* ASCII form of UTF-8 text for ASCII-only metadata: "Bản tin thời sự" -> "Ban tin thoi su",
 * "đ" -> "d", typographic quotes and dashes to ' " -, anything else to '?'. snprintf-like:
 * returns the length needed, buf (size bytes) is NUL-terminated when size > 0. */
VNR_API size_t vnr_ascii_fold(const char *text, size_t len, char *buf, size_t size);

/* Live playback control (PortAudio and null sinks; file sinks ignore it). Any thread, and
 * async-signal-safe (atomic stores only); each takes effect at the device's next audio buffer.
 * pause: the device plays silence and keeps its place; writes block once the ring is full.
 * resume: playing goes on where it paused.
 * stop: the queued audio is dropped and silence played at once; a blocked or later write fails
 *   with VNR_ERR_STOPPED, and finish returns at once. A produced file (vnr_sink_produce_new)
 *   stops its loudness and writing passes within one block: finish fails with VNR_ERR_STOPPED
 *   and nothing is renamed into place. vnr_reader_stop() stops every sink of the reader.
 * restart: undo a stop, dropping whatever audio was still queued, so the sink can be written
 *   again (to jump to another sentence). Call it only while no thread writes to the sink. It
 *   also clears a VNR_ERR_STOPPED of any sink (a callback sink's stop). */
VNR_API void vnr_sink_pause(vnr_sink *sink);
VNR_API void vnr_sink_resume(vnr_sink *sink);
VNR_API void vnr_sink_stop(vnr_sink *sink);
VNR_API void vnr_sink_restart(vnr_sink *sink);
/* Any thread: how many of the samples written so far the device has consumed (played, or dropped
 * by stop/restart); compare with what was written to know what the listener hears now. 0 for a
 * file sink. */
VNR_API uint64_t vnr_sink_position(const vnr_sink *sink);
/* Any thread: samples written and not yet consumed by the device (what synthesis is ahead of the
 * listener). 0 for a file sink. */
VNR_API size_t vnr_sink_queued(const vnr_sink *sink);

/* ---------------------------------------------------------------------------------------------
 * Reader: the whole pipeline, sentence by sentence. */

typedef struct vnr_reader vnr_reader;

typedef struct vnr_progress {
    uint64_t bytes_done, bytes_total; /* of the current input; total 0 if unknown */
    double audio_ms;                  /* audio made so far, milliseconds */
} vnr_progress;

typedef void (*vnr_progress_fn)(void *user, const vnr_progress *progress);

/* voice is copied; lex must outlive the reader. */
VNR_API vnr_status vnr_reader_new(const vnr_voice *voice, const vnr_lexicon *lex, vnr_reader **out,
                                  vnr_diag *diag);
VNR_API void vnr_reader_free(vnr_reader *reader);
VNR_API int vnr_reader_sample_rate(const vnr_reader *reader);
/* The reader does not own sinks; they receive every sample in order. */
/* VNR_ERR_INVALID for a NULL sink or more than 8. */
VNR_API vnr_status vnr_reader_add_sink(vnr_reader *reader, vnr_sink *sink, vnr_diag *diag);
VNR_API void vnr_reader_set_warn(vnr_reader *reader, vnr_warn_fn warn, void *user);
VNR_API void vnr_reader_set_progress(vnr_reader *reader, vnr_progress_fn fn, void *user);
/* Read one input to the end (or until stopped). Pauses from the voice go between sentences
 * and paragraphs, and between inputs. */
VNR_API vnr_status vnr_reader_read(vnr_reader *reader, vnr_input *input, vnr_diag *diag);
/* Ask the reader to stop as soon as possible. Async-signal-safe, callable from any thread.
 * Synthesis stops within one eSpeak NG buffer, and live playback sinks stop at once (see
 * vnr_sink_stop): the listener hears silence within one audio buffer. */
VNR_API void vnr_reader_stop(vnr_reader *reader);
/* Pause and resume the reader's live playback sinks (vnr_sink_pause/resume). Any thread,
 * async-signal-safe. Synthesis goes on until the playback ring is full, then waits. */
VNR_API void vnr_reader_pause(vnr_reader *reader);
VNR_API void vnr_reader_resume(vnr_reader *reader);
/* Clear a stop request so the reader can read again (e.g. from another sentence, for seeking):
 * its live playback sinks restart with nothing queued (vnr_sink_restart). Call it from the
 * synthesis thread, while no vnr_reader_read runs. */
VNR_API void vnr_reader_restart(vnr_reader *reader);
/* Seeking: the next reads pass over n sentences (as vnr_sentence_length cuts each line; blank
 * lines are not sentences) without normalizing or speaking them, then speak on. After a stop,
 * vnr_reader_restart, this and a read of the input opened anew jump to sentence n (0-based).
 * Synthesis thread only, between reads. */
VNR_API void vnr_reader_skip_sentences(vnr_reader *reader, long n);
/* Reading options (see the vnr_normalizer_set_* functions above); capitals also raise the pitch
 * of capitalised words outside spell mode. They apply from the next sentence; call them from the
 * thread that calls vnr_reader_read, or between reads. */
VNR_API vnr_status vnr_reader_set_punctuation(vnr_reader *reader, vnr_punctuation mode,
                                              vnr_diag *diag);
VNR_API void vnr_reader_set_spell(vnr_reader *reader, int on);
VNR_API void vnr_reader_set_capitals(vnr_reader *reader, int on);
/* Prosody, from the next sentence (vnr_synth_set_rate/pitch/volume); VNR_ERR_INVALID out of
 * range (rate 80..900 words per minute, pitch 0..100, volume 0..200). Synthesis thread. */
VNR_API vnr_status vnr_reader_set_rate(vnr_reader *reader, int wpm, vnr_diag *diag);
VNR_API vnr_status vnr_reader_set_pitch(vnr_reader *reader, int pitch, vnr_diag *diag);
VNR_API vnr_status vnr_reader_set_volume(vnr_reader *reader, int volume, vnr_diag *diag);
/* The rate in use, words per minute (the voice's, or the last vnr_reader_set_rate). */
VNR_API int vnr_reader_rate(const vnr_reader *reader);

/* Speak doc's sentences from index first to its end: the same loop as vnr_reader_read (pauses
 * between sentences and paragraphs, sentence callbacks with the document's numbers), with no
 * pause of its own before the first sentence. Each sentence's spoken words are kept in doc
 * (vnr_doc_sentence.spoken). After a stop: vnr_reader_restart, then read again from any
 * sentence - this is how front ends seek, repeat and resume. Synthesis thread. */
VNR_API vnr_status vnr_reader_read_document(vnr_reader *reader, vnr_document *doc, size_t first,
                                            vnr_diag *diag);

/* Interactive front ends drive the reader from one thread: fn is called while the reader waits
 * for the listener (every 10 ms, with timeout_ms the time it may block, e.g. in poll() on the
 * keyboard) and between audio chunks (timeout_ms 0). A non-zero return stops the reader as
 * vnr_reader_stop does. With fn set, no more than lookahead_ms of audio is queued in the live
 * sinks (what a stop makes the listener miss), a sentence starts only when the one before it,
 * and the pause after it, have been heard, and vnr_reader_read_document and vnr_reader_say
 * return once their audio has been heard. NULL: none (the default). */
typedef int (*vnr_poll_fn)(void *user, int timeout_ms);
VNR_API void vnr_reader_set_poll(vnr_reader *reader, vnr_poll_fn fn, void *user, int lookahead_ms);

/* Saying something that is not part of the document, through the same sinks: a front end's
 * spoken feedback ("tạm dừng", "câu 12 trên 40"), a spelled word, a screen reader's character.
 * No pause is paid or owed, no sentence callback is called. */
typedef enum vnr_say_mode {
    VNR_SAY_TEXT = 0,  /* normalized with the reader's options: "câu 12" -> "câu mười hai" */
    VNR_SAY_SPELL = 1, /* letter by letter: "Hà" -> "hát a huyền" */
    VNR_SAY_WORDS = 2, /* already the words to say, not normalized: "hoa bê" */
} vnr_say_mode;
/* spoken (may be NULL): the words to say, NUL-terminated, owned by the caller, also when a stop
 * cut them (VNR_ERR_STOPPED); NULL when normalizing failed. */
VNR_API vnr_status vnr_reader_say(vnr_reader *reader, const char *text, size_t len,
                                  vnr_say_mode mode, char **spoken, vnr_diag *diag);
/* The word of the current sentence, as written, that the listener heard last (from eSpeak NG's
 * word events and the live sinks' positions; marks around it removed: «"Nội,"» -> «Nội»).
 * *word points into the reader, valid until the next sentence. VNR_ERR_INVALID when no sentence
 * has been spoken. */
VNR_API vnr_status vnr_reader_heard_word(const vnr_reader *reader, const char **word, size_t *len,
                                         vnr_diag *diag);

/* ---------------------------------------------------------------------------------------------
 * Sentence positions, the caller's own audio: what captions and bulletins need (reader.c). */

/* One spoken sentence. text is the sentence as written in the input (cleaned and NFC, not the
 * normalized words; spaces around it removed), valid only during the call. start and end are
 * positions in the reader's output in sample frames at sample_rate, counted from the first
 * sample of the run: [start, end) is the sentence's voice without the pauses around it. They
 * are sums of the samples actually written (pauses and the caller's audio included), never
 * eSpeak NG's own event positions, so they do not drift over an hour. A sentence that makes no
 * sound (only punctuation) is not reported. */
typedef struct vnr_sentence {
    const char *text;
    size_t len;
    uint64_t start, end;
    int sample_rate;
    size_t index;     /* the sentence's number in its input or document, 0-based */
    size_t paragraph; /* its paragraph, 0-based (vnr_doc_sentence) */
    long section;     /* its section, -1: none */
} vnr_sentence;

typedef void (*vnr_sentence_fn)(void *user, const vnr_sentence *sentence);

/* fn is called after each sentence is spoken, on the thread calling vnr_reader_read. */
VNR_API void vnr_reader_set_sentence_fn(vnr_reader *reader, vnr_sentence_fn fn, void *user);
/* fn is called when a sentence is about to be spoken, after the pause before it (start == end ==
 * where its voice will start): to print it as it is heard. */
VNR_API void vnr_reader_set_start_fn(vnr_reader *reader, vnr_sentence_fn fn, void *user);
/* Write the caller's own audio (a jingle, a gap of silence) to every sink, in order with the
 * speech: 16-bit mono at vnr_reader_sample_rate(). It replaces any pause owed, and the next
 * vnr_reader_read starts without a paragraph pause: around its own audio the caller decides. */
VNR_API vnr_status vnr_reader_write(vnr_reader *reader, const int16_t *samples, size_t n,
                                    vnr_diag *diag);
/* Sample frames written so far, over every input (the position of the next sample). */
VNR_API uint64_t vnr_reader_position(const vnr_reader *reader);
/* Earcons: short sounds that tell a listener who cannot see the page where the text is, quieter
 * than the voice (-20 dBFS peak) and shaped with a raised cosine so they do not click. They are
 * made in code at vnr_reader_sample_rate(), never read from files, and go to the same sinks as
 * the speech (a file, a pipe, the null device get them too). */
typedef enum vnr_earcon {
    VNR_EARCON_PARAGRAPH = 0, /* one soft 40 ms tick: a paragraph starts */
    VNR_EARCON_SECTION = 1,   /* two quick rising notes: a heading starts a section */
    VNR_EARCON_END = 2,       /* two falling tones, 250 ms: the end of the text ("hết bài") */
} vnr_earcon;
/* on: vnr_reader_read and vnr_reader_read_document play VNR_EARCON_PARAGRAPH before the first
 * sentence of each paragraph (after the pause before it, before its voice; the start_fn and
 * vnr_sentence positions stay those of the voice) and VNR_EARCON_SECTION before a heading. Off
 * by default: then not one sample changes. Call it between reads (interactive toggling). */
VNR_API void vnr_reader_set_earcons(vnr_reader *reader, int on);
VNR_API int vnr_reader_earcons(const vnr_reader *reader);
/* Play one earcon now, after any pause owed, whatever vnr_reader_set_earcons says (the front end
 * decides when the text has ended). With a poll function it returns once the sound is heard;
 * VNR_ERR_STOPPED when stopped (a live sink drops the rest at once); VNR_ERR_INVALID for an
 * unknown earcon. */
VNR_API vnr_status vnr_reader_play_earcon(vnr_reader *reader, vnr_earcon which, vnr_diag *diag);
/* The length of an earcon in sample frames at sample_rate: its sound and the short silence
 * after it that keeps it apart from the voice (0 for an unknown earcon). */
VNR_API size_t vnr_earcon_length(vnr_earcon which, int sample_rate);
/* Write an audio file (any format libsndfile reads) through vnr_reader_write: channels mixed to
 * mono, resampled with libsoxr to vnr_reader_sample_rate() (audio_file.c). Bounded memory. */
VNR_API vnr_status vnr_reader_play_file(vnr_reader *reader, const char *path, vnr_diag *diag);

/* ---------------------------------------------------------------------------------------------
 * Captions: SRT, WebVTT or a plain transcript of the sentences as written (captions.c). */

typedef enum vnr_caption_format {
    VNR_CAPTIONS_AUTO = 0, /* from the path: .srt or .vtt */
    VNR_CAPTIONS_SRT,
    VNR_CAPTIONS_VTT,
    VNR_CAPTIONS_TRANSCRIPT, /* the sentences as written, one per line, no times */
} vnr_caption_format;

typedef struct vnr_captions vnr_captions;

/* Like an audio file, captions are written to a temporary file in the same folder and renamed
 * over path by vnr_captions_finish(); vnr_captions_free() of an unfinished one removes it.
 * VNR_ERR_FORMAT when AUTO and the extension is neither .srt nor .vtt. */
VNR_API vnr_status vnr_captions_new(const char *path, vnr_caption_format format, vnr_captions **out,
                                    vnr_diag *diag);
/* Where cues are cut and lines broken: before the words that start a phrase ("và", "trong khi",
 * "tại") and never inside a name or a number and what it counts ("ông Nguyễn Văn A", "23 tỷ
 * đồng"), from the context lists of lex (voices/vi/context.tsv). lex is not copied: it must
 * outlive c. Without a lexicon (the default, or NULL) only punctuation, capitalised names and
 * numbers guide the cuts. */
VNR_API void vnr_captions_set_lexicon(vnr_captions *c, const vnr_lexicon *lex);
/* A cue from start_ms to end_ms. One cue per sentence, wrapped at 42 characters a line, two
 * lines at most; a longer sentence is cut at clause ends (, ; :), else before a phrase (see
 * vnr_captions_set_lexicon), else at spaces, into several cues of at least two words, timed in
 * proportion to their lengths. A write error is kept for vnr_captions_finish(). */
VNR_API void vnr_captions_add(vnr_captions *c, const char *text, size_t len, double start_ms,
                              double end_ms);
/* A vnr_sentence_fn; user is the vnr_captions. */
VNR_API void vnr_captions_sentence(void *user, const vnr_sentence *sentence);
VNR_API vnr_status vnr_captions_finish(vnr_captions *c, vnr_diag *diag);
VNR_API void vnr_captions_free(vnr_captions *c);

/* ---------------------------------------------------------------------------------------------
 * Bulletins (bulletin.c): an intro, items (text files, each with an optional heading read
 * first), an outro, a gap of silence between every two parts. "key = value" lines, '#' comments,
 * paths relative to the bulletin file's folder:
 *   intro = jingle.wav
 *   gap = 1.5
 *   item = story1.txt | heading = Tin thể thao
 *   outro = outro.flac */

typedef struct vnr_bulletin vnr_bulletin;

/* Parse a bulletin file; a bad line fails with "path:line: reason" (every file named must
 * exist and be readable: the check comes before any output is made). */
VNR_API vnr_status vnr_bulletin_open(const char *path, vnr_bulletin **out, vnr_diag *diag);
VNR_API void vnr_bulletin_free(vnr_bulletin *b);
VNR_API size_t vnr_bulletin_items(const vnr_bulletin *b);
VNR_API double vnr_bulletin_gap_ms(const vnr_bulletin *b); /* the silence between parts */
/* Read the whole bulletin through the reader (its sinks, warn and sentence fn). */
VNR_API vnr_status vnr_bulletin_read(vnr_reader *reader, const vnr_bulletin *b, vnr_diag *diag);

/* ---------------------------------------------------------------------------------------------
 * Temporary files and stopping, process-wide (tempfiles.c). Every file the library writes goes
 * to a temporary name first (".out.wav.a8Kx2Q", the loudness spool, captions) and is renamed
 * into place when complete. These calls let a program's signal handler keep that promise:
 *   first Ctrl-C or SIGTERM: vnr_stop_all() (and vnr_reader_stop): the work ends, nothing is
 *     renamed, the sinks are freed normally and remove their files;
 *   a second signal: vnr_temp_remove_all(), then die by the signal. */

/* mkstemp(3) that also records the file's name until vnr_temp_forget(slot), so that
 * vnr_temp_remove_all() can unlink it. template_path ends in "XXXXXX" and receives the name.
 * Returns the descriptor or -1 (errno set); *slot is -1 when the table was full (the file is
 * still made, just not removable by a signal). Any thread. */
VNR_API int vnr_temp_mkstemp(char *template_path, int *slot);
/* The file of slot was renamed into place or removed: stop tracking it. slot -1 is ignored.
 * Call after the rename or unlink, never before: a signal between the two then finds only a
 * name that no longer exists. Any thread, async-signal-safe. */
VNR_API void vnr_temp_forget(int slot);
/* Unlink every tracked temporary file. Async-signal-safe (atomic loads and unlink only): for a
 * signal handler about to end the process. errno is preserved. */
VNR_API void vnr_temp_remove_all(void);
/* Ask every file being produced in this process to stop: writes and the loudness and encoding
 * passes return VNR_ERR_STOPPED, and vnr_sink_finish / vnr_captions_finish never rename a
 * temporary file into place afterwards (the previous file at the destination stays as it was).
 * There is no undo: for a program that is about to end. Any thread, async-signal-safe. */
VNR_API void vnr_stop_all(void);
/* Non-zero once vnr_stop_all() was called. */
VNR_API int vnr_stop_all_requested(void);

#ifdef __cplusplus
}
#endif

#endif /* VNREADER_H */
