// SPDX-License-Identifier: GPL-2.0
/*
 * poison FILE OFFSET: give the page of FILE at OFFSET a memory error, as
 * the hardware would, with madvise(MADV_HWPOISON) on a mapping of it
 * (CONFIG_MEMORY_FAILURE, CAP_SYS_ADMIN). The kernel then sends SIGBUS to
 * this process, which has the page mapped, as it would on a real error:
 * that is success.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MADV_HWPOISON
#define MADV_HWPOISON 100
#endif

static void poisoned(int sig)
{
	_exit(0);
}

int main(int argc, char **argv)
{
	long page = sysconf(_SC_PAGESIZE);
	volatile char *p;
	off_t offset;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: poison FILE OFFSET\n");
		return 2;
	}
	offset = strtoll(argv[2], NULL, 0) & ~(page - 1);
	fd = open(argv[1], O_RDWR);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	p = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, offset);
	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	(void)p[0];
	signal(SIGBUS, poisoned);
	if (madvise((void *)p, page, MADV_HWPOISON)) {
		perror("madvise(MADV_HWPOISON)");
		return 1;
	}
	return 0;
}
