// SPDX-License-Identifier: GPL-2.0
/*
 * uringpin DIR: a tmpfs mounted with pram= at DIR must not be saved while
 * an io_uring fixed buffer pins one of its pages: a device could write the
 * page after the save. The file DIR/pinned is mapped, registered as a
 * fixed buffer and unmapped; remount,pram_save must fail with EBUSY and
 * leave the tree writable. Once the buffer is unregistered the save goes
 * through, and the saved tree can no longer be registered for writing.
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

static int ring_register(int ring, const char *path, int prot, int flags)
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
	return fd;
}

int main(int argc, char **argv)
{
	struct io_uring_params p = { 0 };
	char path[4096];
	int ring, err, fd;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	snprintf(path, sizeof(path), "%s/pinned", argv[1]);
	fd = open(path, O_RDWR);
	step("DIR/pinned opens read-write", fd >= 0);
	close(fd);
	ring = syscall(__NR_io_uring_setup, 4, &p);
	step("io_uring_setup", ring >= 0);

	err = ring_register(ring, path, PROT_READ | PROT_WRITE, O_RDWR);
	step("1 MiB of DIR/pinned registered as a fixed buffer, then unmapped and closed",
	     !err);
	err = mount(NULL, argv[1], NULL, MS_REMOUNT, "pram_save") ? errno : 0;
	step("remount,pram_save fails with EBUSY while the buffer is registered",
	     err == EBUSY);
	fd = open(path, O_RDWR);
	step("and the tree is still writable", fd >= 0);
	close(fd);

	err = syscall(__NR_io_uring_register, ring, IORING_UNREGISTER_BUFFERS, NULL, 0);
	step("the buffer is unregistered", !err);
	err = mount(NULL, argv[1], NULL, MS_REMOUNT, "pram_save") ? errno : 0;
	step("remount,pram_save then succeeds", !err);
	fd = open(path, O_RDWR);
	step("the saved tree cannot be opened for writing (EROFS)", fd < 0 && errno == EROFS);
	err = ring_register(ring, path, PROT_READ, O_RDONLY);
	step("nor registered as a fixed buffer, which the device may write (EFAULT)",
	     err == -EFAULT);
	close(ring);
	return 0;
}
