/* document.h - the inside of vnr_document for the reader (reader.c): lines are added piece by
 * piece as vnr_input gives them, and the streaming reader forgets what it has spoken, so a
 * 10 MB one-line text is read in bounded memory. Not part of the public API. */
#ifndef VNR_DOCUMENT_H
#define VNR_DOCUMENT_H

#include "core/util.h"

/* Add a piece of line line_no; continues: the line goes on in the next piece (util.h: pieces),
 * so its last sentence is held back until then. A line ends with its last piece. */
vnr_status vnr_document_add_piece(vnr_document *doc, const char *piece, size_t len, long line_no,
                                  bool continues, vnr_diag *diag);
/* The input ended: a text of only marks becomes one sentence (vnr_document_add_input). */
vnr_status vnr_document_end_input(vnr_document *doc, vnr_diag *diag);
/* Streaming: drop every sentence and the text before the held-back piece. Sentence numbers,
 * paragraph and section counts and offsets go on counting from where they were. */
void vnr_document_forget(vnr_document *doc);
/* Sentences dropped by vnr_document_forget: vnr_document_sentence(doc, i) is sentence
 * forgotten + i of the input. */
size_t vnr_document_forgotten(const vnr_document *doc);
/* The reader keeps the normalized words of sentence index (takes ownership of words). */
void vnr_document_keep_spoken(vnr_document *doc, size_t index, char *words);

#endif /* VNR_DOCUMENT_H */
