/* state_file.h - small files vnreader keeps between runs (the interactive position, bookmarks),
 * made safe against a hostile or unlucky file system:
 *   - they live in one folder, $XDG_STATE_HOME/vnreader or ~/.local/state/vnreader, which must be
 *     a real folder (not a symbolic link) owned by the user; it is created, or brought back, to
 *     mode 0700 so that nobody else can plant files in it;
 *   - they are read with O_NOFOLLOW and O_NONBLOCK, and only if they are regular files owned by
 *     the user: a symbolic link or a FIFO planted at the predictable name is refused with a
 *     message instead of being followed, or hanging vnreader before its first sentence;
 *   - they are written to a fresh mkstemp name in the same folder and renamed over the old file:
 *     a crash never leaves half a file, and a link at the final name is replaced, never
 *     followed (the old predictable "x.pos.tmp" let an attacker's link aim the write anywhere).
 * Every function prints its refusal through cli_error ("vnreader: ...") and returns EXIT_RUNTIME;
 * the caller decides whether to go on without the state (interactive mode does). Not thread-safe
 * (the CLI's main thread). */
#ifndef VNR_CLI_STATE_FILE_H
#define VNR_CLI_STATE_FILE_H

#include <stdbool.h>
#include <stddef.h>

/* The state folder into out (size bytes), created with its parents if missing. EXIT_OK, or
 * EXIT_RUNTIME after a message: no HOME, not a folder, owned by someone else. */
int cli_state_dir(char *out, size_t size);

/* The whole state file path (at most max bytes) as a malloc'd NUL-terminated string in *text.
 * A missing file is not an error: *text NULL and EXIT_OK. A link, a FIFO, a device, a file of
 * another owner or one over max bytes: EXIT_RUNTIME after a message. */
int cli_state_read(const char *path, size_t max, char **text);

/* Replace path with len bytes of data, atomically (temporary name + rename). EXIT_OK or
 * EXIT_RUNTIME after a message; nothing is left behind on failure. */
int cli_state_write(const char *path, const char *data, size_t len);

#endif /* VNR_CLI_STATE_FILE_H */
