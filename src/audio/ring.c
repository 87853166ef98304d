/* ring.c - the lock-free single-producer single-consumer sample ring (see ring.h).
 *
 * Ordering: the producer writes samples, then publishes them with a release store of `write`;
 * the consumer's acquire load of `write` makes those samples visible before it reads them. In
 * the other direction the consumer's release store of `read` tells the producer a slot is free
 * only after the consumer has finished reading it. Each side loads its own position relaxed:
 * only it ever stores it. The two positions sit on separate cache lines so the sides do not
 * slow each other down by writing to the same line. */
#include "audio/ring.h"

#include <stdalign.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_LINE 64

struct vnr_ring {
    alignas(CACHE_LINE) _Atomic uint64_t write; /* samples ever committed by the producer */
    alignas(CACHE_LINE) _Atomic uint64_t read;  /* samples ever consumed */
    alignas(CACHE_LINE) size_t capacity;        /* a power of two */
    size_t mask;
    int16_t *data;
};

vnr_status vnr_ring_new(size_t min_capacity, vnr_ring **out)
{
    *out = NULL;
    size_t cap = 2;
    while (cap < min_capacity) {
        if (cap > SIZE_MAX / 2 / sizeof(int16_t))
            return VNR_ERR_INVALID;
        cap *= 2;
    }
    /* aligned_alloc: the struct asks for 64-byte alignment, more than malloc promises. */
    vnr_ring *r = aligned_alloc(CACHE_LINE, sizeof *r);
    if (!r)
        return VNR_ERR_NOMEM;
    memset(r, 0, sizeof *r);
    r->data = malloc(cap * sizeof *r->data);
    if (!r->data) {
        free(r);
        return VNR_ERR_NOMEM;
    }
    atomic_init(&r->write, 0);
    atomic_init(&r->read, 0);
    r->capacity = cap;
    r->mask = cap - 1;
    *out = r;
    return VNR_OK;
}

void vnr_ring_free(vnr_ring *ring)
{
    if (!ring)
        return;
    free(ring->data);
    free(ring);
}

size_t vnr_ring_capacity(const vnr_ring *ring)
{
    return ring->capacity;
}

static size_t min_size(size_t a, size_t b)
{
    return a < b ? a : b;
}

/* --- Producer. -------------------------------------------------------------------------------- */

size_t vnr_ring_write_acquire(vnr_ring *ring, size_t want, int16_t **ptr)
{
    uint64_t w = atomic_load_explicit(&ring->write, memory_order_relaxed);
    uint64_t r = atomic_load_explicit(&ring->read, memory_order_acquire);
    size_t room = ring->capacity - (size_t)(w - r);
    size_t at = (size_t)w & ring->mask;
    *ptr = ring->data + at;
    return min_size(want, min_size(room, ring->capacity - at));
}

void vnr_ring_write_commit(vnr_ring *ring, size_t n)
{
    uint64_t w = atomic_load_explicit(&ring->write, memory_order_relaxed);
    atomic_store_explicit(&ring->write, w + n, memory_order_release);
}

size_t vnr_ring_write(vnr_ring *ring, const int16_t *samples, size_t n)
{
    size_t done = 0;
    while (done < n) { /* at most twice: up to the end of the array, then from its start */
        int16_t *dst;
        size_t k = vnr_ring_write_acquire(ring, n - done, &dst);
        if (k == 0)
            break;
        memcpy(dst, samples + done, k * sizeof *dst);
        vnr_ring_write_commit(ring, k);
        done += k;
    }
    return done;
}

/* --- Consumer: no allocation, no lock, no system call. -----------------------------------------
 */

size_t vnr_ring_read_acquire(vnr_ring *ring, size_t want, const int16_t **ptr)
{
    uint64_t r = atomic_load_explicit(&ring->read, memory_order_relaxed);
    uint64_t w = atomic_load_explicit(&ring->write, memory_order_acquire);
    size_t at = (size_t)r & ring->mask;
    *ptr = ring->data + at;
    return min_size(want, min_size((size_t)(w - r), ring->capacity - at));
}

void vnr_ring_read_commit(vnr_ring *ring, size_t n)
{
    uint64_t r = atomic_load_explicit(&ring->read, memory_order_relaxed);
    atomic_store_explicit(&ring->read, r + n, memory_order_release);
}

size_t vnr_ring_read(vnr_ring *ring, int16_t *out, size_t n)
{
    size_t done = 0;
    while (done < n) {
        const int16_t *src;
        size_t k = vnr_ring_read_acquire(ring, n - done, &src);
        if (k == 0)
            break;
        memcpy(out + done, src, k * sizeof *src);
        vnr_ring_read_commit(ring, k);
        done += k;
    }
    return done;
}

size_t vnr_ring_skip_to(vnr_ring *ring, uint64_t until)
{
    uint64_t r = atomic_load_explicit(&ring->read, memory_order_relaxed);
    uint64_t w = atomic_load_explicit(&ring->write, memory_order_acquire);
    uint64_t to = until < w ? until : w;
    if (to <= r)
        return 0;
    atomic_store_explicit(&ring->read, to, memory_order_release);
    return (size_t)(to - r);
}

/* --- Queries. ----------------------------------------------------------------------------------
 */

uint64_t vnr_ring_written(const vnr_ring *ring)
{
    return atomic_load_explicit(&ring->write, memory_order_acquire);
}

uint64_t vnr_ring_consumed(const vnr_ring *ring)
{
    return atomic_load_explicit(&ring->read, memory_order_acquire);
}

size_t vnr_ring_readable(const vnr_ring *ring)
{
    uint64_t r = atomic_load_explicit(&ring->read, memory_order_acquire);
    uint64_t w = atomic_load_explicit(&ring->write, memory_order_acquire);
    return (size_t)(w - r);
}
