/* safemem.h — copies to and from memory of our own address space that the
 * kernel may be unable to back: an attached shm segment whose page cannot be
 * faulted in (SHM_HUGETLB with no free huge page, SHM_NORESERVE beyond what
 * memory allows) or a file mapping past the end of its truncated file.
 * Touching such a page directly delivers SIGBUS; these functions go through
 * process_vm_readv/process_vm_writev on our own pid instead, where the kernel
 * answers EFAULT (a short count) and no signal is ever raised.
 *
 * Cost: one system call per contiguous range (about 3 us for a screenful of
 * the hex view on these machines); safemem_fill writes up to 16 MiB a call.
 * Thread- and fork-safe; no state except a constant pattern buffer. */
#ifndef IPCTOP_SAFEMEM_H
#define IPCTOP_SAFEMEM_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Copies len bytes from src (our memory, maybe unbacked) to dst (ordinary
 * memory). Returns the number of bytes copied from the start: len, or less
 * when the byte at src + return value could not be read (its page is not
 * available). Returns -1 with errno for any other failure (ENOSYS or EPERM
 * where process_vm_readv is not allowed, ENOMEM); some bytes may have been
 * copied then. */
ssize_t safemem_read(void *dst, const void *src, size_t len);

/* The same in the other direction: dst is the maybe-unbacked memory. A
 * short count means the byte at dst + return value could not be written;
 * the bytes before it were. */
ssize_t safemem_write(void *dst, const void *src, size_t len);

/* Sets len bytes at dst to byte, as safemem_write. When progress is not
 * NULL, the bytes done so far are stored there (atomically, relaxed) after
 * each call, for another process sharing that memory to read. */
ssize_t safemem_fill(void *dst, uint8_t byte, size_t len, uint64_t *progress);

/* The page size used to step over a page that is not available. */
size_t safemem_page_size(void);

#endif
