// SPDX-License-Identifier: GPL-2.0
/*
 * uringpin DIR: a tmpfs mounted with pram= at DIR is saved while an
 * io_uring fixed buffer pins the first MiB of DIR/pinned: the buffer is
 * mapped, registered and unmapped, and remount,pram_save must succeed,
 * PRAM copying the pinned pages. The device then writes the buffer (a
 * READ_FIXED from DIR2/pattern, 0xab bytes), which the next kernel must
 * not see: it gets the bytes as they were when saved. The saved tree can
 * no longer be opened for writing.
 * Each step is printed; the exit status is 1 at the first unexpected one.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/io_uring.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#define LEN	(1 << 20)

static int step(const char *what, int ok)
{
	printf("%s %s\n", ok ? "ok:" : "FAILED:", what);
	if (!ok)
		exit(1);
	return 0;
}

/* Map @len bytes of @path and register them as fixed buffer 0; unmap. */
static int ring_register(int ring, const char *path, int prot, int flags,
			 void **base)
{
	struct iovec iov = { .iov_len = LEN };
	int fd = open(path, flags);

	if (fd < 0)
		return -errno;
	iov.iov_base = mmap(NULL, LEN, prot, MAP_SHARED, fd, 0);
	close(fd);
	if (iov.iov_base == MAP_FAILED)
		return -errno;
	if (syscall(__NR_io_uring_register, ring, IORING_REGISTER_BUFFERS, &iov, 1))
		fd = -errno;
	else
		fd = 0;
	munmap(iov.iov_base, LEN);
	*base = iov.iov_base;
	return fd;
}

/*
 * READ_FIXED @len bytes of @fd into fixed buffer 0, at @base, its
 * address when registered: the kernel writes the pinned pages, as a
 * device would. Returns the completion's result.
 */
static int ring_read_fixed(int ring, struct io_uring_params *p, int fd,
			   void *base, unsigned int len)
{
	size_t sq_len = p->sq_off.array + p->sq_entries * sizeof(__u32);
	size_t cq_len = p->cq_off.cqes + p->cq_entries * sizeof(struct io_uring_cqe);
	struct io_uring_sqe *sqes;
	struct io_uring_cqe *cqe;
	unsigned int tail;
	char *sq, *cq;
	int ret;

	sq = mmap(NULL, sq_len, PROT_READ | PROT_WRITE, MAP_SHARED, ring,
		  IORING_OFF_SQ_RING);
	cq = mmap(NULL, cq_len, PROT_READ | PROT_WRITE, MAP_SHARED, ring,
		  IORING_OFF_CQ_RING);
	sqes = mmap(NULL, p->sq_entries * sizeof(*sqes), PROT_READ | PROT_WRITE,
		    MAP_SHARED, ring, IORING_OFF_SQES);
	if (sq == MAP_FAILED || cq == MAP_FAILED || sqes == MAP_FAILED)
		return -errno;

	memset(&sqes[0], 0, sizeof(sqes[0]));
	sqes[0].opcode = IORING_OP_READ_FIXED;
	sqes[0].fd = fd;
	sqes[0].addr = (unsigned long)base;
	sqes[0].len = len;
	sqes[0].buf_index = 0;
	tail = *(unsigned int *)(sq + p->sq_off.tail);
	((unsigned int *)(sq + p->sq_off.array))[tail & *(unsigned int *)(sq + p->sq_off.ring_mask)] = 0;
	__atomic_store_n((unsigned int *)(sq + p->sq_off.tail), tail + 1, __ATOMIC_RELEASE);
	if (syscall(__NR_io_uring_enter, ring, 1, 1, IORING_ENTER_GETEVENTS, NULL, 0) != 1)
		return -errno;
	cqe = (struct io_uring_cqe *)(cq + p->cq_off.cqes);
	ret = cqe[*(unsigned int *)(cq + p->cq_off.head) &
		  *(unsigned int *)(cq + p->cq_off.ring_mask)].res;
	munmap(sq, sq_len);
	munmap(cq, cq_len);
	munmap(sqes, p->sq_entries * sizeof(*sqes));
	return ret;
}

int main(int argc, char **argv)
{
	struct io_uring_params p = { 0 };
	char path[4096], pattern[4096];
	unsigned char byte;
	void *base = NULL;
	int ring, err, fd;

	if (argc != 3) {
		fprintf(stderr, "usage: %s DIR DIR2\n", argv[0]);
		return 2;
	}
	snprintf(path, sizeof(path), "%s/pinned", argv[1]);
	snprintf(pattern, sizeof(pattern), "%s/pattern", argv[2]);
	ring = syscall(__NR_io_uring_setup, 4, &p);
	step("io_uring_setup", ring >= 0);

	err = ring_register(ring, path, PROT_READ | PROT_WRITE, O_RDWR, &base);
	step("1 MiB of DIR/pinned registered as a fixed buffer, then unmapped and closed",
	     !err);
	err = mount(NULL, argv[1], NULL, MS_REMOUNT, "pram_save") ? errno : 0;
	step("remount,pram_save succeeds while the buffer is registered", !err);
	fd = open(path, O_RDWR);
	step("the saved tree cannot be opened for writing (EROFS)", fd < 0 && errno == EROFS);

	fd = open(pattern, O_RDONLY);
	step("DIR2/pattern opens", fd >= 0);
	err = ring_read_fixed(ring, &p, fd, base, LEN);
	close(fd);
	step("READ_FIXED writes the pinned buffer after the save", err == LEN);
	fd = open(path, O_RDONLY);
	step("DIR/pinned opens read-only", fd >= 0);
	step("and shows what the device wrote",
	     pread(fd, &byte, 1, 12345) == 1 && byte == 0xab);
	close(fd);

	err = syscall(__NR_io_uring_register, ring, IORING_UNREGISTER_BUFFERS, NULL, 0);
	step("the buffer is unregistered", !err);
	close(ring);
	return 0;
}
