/* ring.h - a lock-free single-producer single-consumer ring of 16-bit samples, the queue between
 * the synthesis thread (producer) and the audio callback (consumer) in sink_playback.c.
 * Not part of the public API.
 *
 * The two positions are 64-bit counters that only grow (index = counter & mask), so "full" and
 * "empty" need no spare slot, and a position doubles as "samples ever written / consumed".
 * Acquire/commit as in miniaudio's ma_rb: acquire gives a pointer to contiguous room (or data),
 * commit publishes it with a release store that pairs with the other side's acquire load.
 *
 * Thread and callback safety, per side: at most one thread produces (write_acquire/commit, write)
 * and at most one consumes (read_acquire/commit, read, skip) at a time; the queries may be called
 * from any thread. Consumer functions never allocate, lock, sleep or do I/O: safe in a real-time
 * audio callback. vnr_ring_new and vnr_ring_free are neither: call them with no side running. */
#ifndef VNR_RING_H
#define VNR_RING_H

#include "vnreader.h"

#include <stddef.h>
#include <stdint.h>

typedef struct vnr_ring vnr_ring;

/* A ring holding at least min_capacity samples (rounded up to a power of two, at least 2). */
vnr_status vnr_ring_new(size_t min_capacity, vnr_ring **out);
void vnr_ring_free(vnr_ring *ring);
size_t vnr_ring_capacity(const vnr_ring *ring);

/* Producer: room for up to want samples, contiguous, at *ptr; returns how many (0 when full).
 * Fill them, then commit n <= that many. */
size_t vnr_ring_write_acquire(vnr_ring *ring, size_t want, int16_t **ptr);
void vnr_ring_write_commit(vnr_ring *ring, size_t n);
/* Producer: copy as many of the n samples as fit (both halves of a wrap); returns how many. */
size_t vnr_ring_write(vnr_ring *ring, const int16_t *samples, size_t n);

/* Consumer: up to want readable samples, contiguous, at *ptr; returns how many (0 when empty).
 * Use them, then commit n <= that many. */
size_t vnr_ring_read_acquire(vnr_ring *ring, size_t want, const int16_t **ptr);
void vnr_ring_read_commit(vnr_ring *ring, size_t n);
/* Consumer: copy up to n samples to out; returns how many. */
size_t vnr_ring_read(vnr_ring *ring, int16_t *out, size_t n);
/* Consumer: drop samples so that the consumed position reaches `until` (a value once returned by
 * vnr_ring_written), never past what is written now. Returns how many were dropped. */
size_t vnr_ring_skip_to(vnr_ring *ring, uint64_t until);

/* Any thread: samples ever written / ever consumed (read or skipped); readable now. */
uint64_t vnr_ring_written(const vnr_ring *ring);
uint64_t vnr_ring_consumed(const vnr_ring *ring);
size_t vnr_ring_readable(const vnr_ring *ring);

#endif /* VNR_RING_H */
