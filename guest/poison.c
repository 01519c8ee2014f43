// SPDX-License-Identifier: GPL-2.0
/*
 * poison FILE OFFSET [pfn]: give the page of FILE at OFFSET a memory error, as
 * the hardware would, with madvise(MADV_HWPOISON) on a mapping of it
 * (CONFIG_MEMORY_FAILURE, CAP_SYS_ADMIN). The kernel then sends SIGBUS to
 * this process, which has the page mapped, as it would on a real error:
 * that is success. With "pfn", print the page's pfn instead, from
 * /proc/self/pagemap, to aim at a page PRAM keeps in place.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MADV_HWPOISON
#define MADV_HWPOISON 100
#endif

static void poisoned(int sig)
{
	_exit(0);
}

/* Print the pfn of the page mapped at @p; 1 if it cannot be read. */
static int print_pfn(const volatile void *p, long page)
{
	uint64_t entry;
	int fd = open("/proc/self/pagemap", O_RDONLY);

	if (fd < 0 || pread(fd, &entry, sizeof(entry),
			    (uintptr_t)p / page * sizeof(entry)) != sizeof(entry)) {
		perror("/proc/self/pagemap");
		return 1;
	}
	if (!(entry >> 63) || !(entry & ((1ULL << 55) - 1))) {
		fprintf(stderr, "no pfn for the page\n");
		return 1;
	}
	printf("%llu\n", (unsigned long long)(entry & ((1ULL << 55) - 1)));
	return 0;
}

int main(int argc, char **argv)
{
	long page = sysconf(_SC_PAGESIZE);
	int prot = PROT_READ | PROT_WRITE;
	volatile char *p;
	off_t offset;
	int fd;

	if (argc < 3 || argc > 4 || (argc == 4 && strcmp(argv[3], "pfn"))) {
		fprintf(stderr, "usage: poison FILE OFFSET [pfn]\n");
		return 2;
	}
	offset = strtoll(argv[2], NULL, 0) & ~(page - 1);
	/* A file of a saved tree is read-only: a read mapping does too. */
	fd = open(argv[1], O_RDWR);
	if (fd < 0 && errno == EROFS) {
		prot = PROT_READ;
		fd = open(argv[1], O_RDONLY);
	}
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	p = mmap(NULL, page, prot, MAP_SHARED, fd, offset);
	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	(void)p[0];
	if (argc == 4)
		return print_pfn(p, page);
	signal(SIGBUS, poisoned);
	if (madvise((void *)p, page, MADV_HWPOISON)) {
		perror("madvise(MADV_HWPOISON)");
		return 1;
	}
	return 0;
}
