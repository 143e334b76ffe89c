/* safemem.c — owns the fault-proof copies of safemem.h: process_vm_readv/
 * process_vm_writev on our own pid, in calls of at most 1 GiB (below the
 * kernel's MAX_RW_COUNT), retried on EINTR, a short count at the first page
 * the kernel could not provide. */
#define _GNU_SOURCE
#include "ops/safemem.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#define CALL_MAX ((size_t)1 << 30)
#define FILL_CHUNK 16384 /* bytes of the pattern; FILL_IOVS of them a call */
#define FILL_IOVS 1024   /* at most IOV_MAX */

/* One call; remote is the maybe-unbacked side. Returns bytes moved, 0 when
 * the first byte is not available, -1 for any other error. */
static ssize_t one_call(bool write, const struct iovec *local, unsigned long nlocal, void *remote,
			size_t len)
{
	struct iovec r = { remote, len };
	for (;;) {
		ssize_t n = write ? process_vm_writev(getpid(), local, nlocal, &r, 1, 0)
				  : process_vm_readv(getpid(), local, nlocal, &r, 1, 0);
		if (n >= 0)
			return n;
		if (errno == EINTR)
			continue;
		return errno == EFAULT ? 0 : -1;
	}
}

/* Moves len bytes between ordinary memory (mine) and maybe-unbacked memory
 * (theirs), a call at a time, until done or a page is not available. */
static ssize_t copy(bool write, void *mine, void *theirs, size_t len)
{
	size_t done = 0;
	while (done < len) {
		size_t n = len - done < CALL_MAX ? len - done : CALL_MAX;
		struct iovec l = { (char *)mine + done, n };
		ssize_t r = one_call(write, &l, 1, (char *)theirs + done, n);
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		done += (size_t)r;
	}
	return (ssize_t)done;
}

ssize_t safemem_read(void *dst, const void *src, size_t len)
{
	return copy(false, dst, (void *)(uintptr_t)src, len);
}

ssize_t safemem_write(void *dst, const void *src, size_t len)
{
	return copy(true, (void *)(uintptr_t)src, dst, len);
}

ssize_t safemem_fill(void *dst, uint8_t byte, size_t len, uint64_t *progress)
{
	unsigned char pattern[FILL_CHUNK];
	struct iovec local[FILL_IOVS];
	memset(pattern, byte, sizeof(pattern));
	size_t done = 0;
	while (done < len) {
		size_t n = len - done;
		if (n > sizeof(pattern) * FILL_IOVS)
			n = sizeof(pattern) * FILL_IOVS;
		unsigned long k = 0;
		for (size_t left = n; left; k++) {
			size_t piece = left < sizeof(pattern) ? left : sizeof(pattern);
			local[k] = (struct iovec){ pattern, piece };
			left -= piece;
		}
		ssize_t r = one_call(true, local, k, (char *)dst + done, n);
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		done += (size_t)r;
		if (progress)
			__atomic_store_n(progress, (uint64_t)done, __ATOMIC_RELAXED);
	}
	return (ssize_t)done;
}

size_t safemem_page_size(void)
{
	long p = sysconf(_SC_PAGESIZE);
	return p > 0 ? (size_t)p : 4096;
}
