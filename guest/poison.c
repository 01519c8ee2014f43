// SPDX-License-Identifier: GPL-2.0
/*
 * poison FILE OFFSET: give the page of FILE at OFFSET a memory error, as the
 * hardware would, with madvise(MADV_HWPOISON) on a mapping of it
 * (CONFIG_MEMORY_FAILURE, CAP_SYS_ADMIN). The kernel then sends SIGBUS to
 * this process, which has the page mapped, as it would on a real error:
 * that is success.
 * poison FILE pfns: print "OFFSET PFN" for every page of FILE instead, from
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
#include <sys/stat.h>
#include <unistd.h>

#ifndef MADV_HWPOISON
#define MADV_HWPOISON 100
#endif

static void poisoned(int sig)
{
	_exit(0);
}

/*
 * Print "OFFSET PFN" for each of the @size bytes of pages mapped at @p,
 * touching each first; 1 if a pfn cannot be read.
 */
static int print_pfns(const volatile char *p, off_t size, long page)
{
	int fd = open("/proc/self/pagemap", O_RDONLY);
	uint64_t entry, pfn;
	off_t off;

	if (fd < 0) {
		perror("/proc/self/pagemap");
		return 1;
	}
	for (off = 0; off < size; off += page) {
		(void)p[off];
		if (pread(fd, &entry, sizeof(entry),
			  (uintptr_t)(p + off) / page * sizeof(entry)) != sizeof(entry)) {
			perror("/proc/self/pagemap");
			return 1;
		}
		pfn = entry & ((1ULL << 55) - 1);
		if (!(entry >> 63) || !pfn) {
			fprintf(stderr, "no pfn for the page at %lld\n", (long long)off);
			return 1;
		}
		printf("%lld %llu\n", (long long)off, (unsigned long long)pfn);
	}
	return 0;
}

int main(int argc, char **argv)
{
	long page = sysconf(_SC_PAGESIZE);
	int prot = PROT_READ | PROT_WRITE;
	int pfns = argc == 3 && !strcmp(argv[2], "pfns");
	volatile char *p;
	off_t offset = 0, len = page;
	struct stat st;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: poison FILE OFFSET|pfns\n");
		return 2;
	}
	if (!pfns)
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
	if (pfns) {
		if (fstat(fd, &st) || !st.st_size) {
			fprintf(stderr, "%s: no size\n", argv[1]);
			return 1;
		}
		len = st.st_size;
	}
	p = mmap(NULL, len, prot, MAP_SHARED, fd, offset);
	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	if (pfns)
		return print_pfns(p, len, page);
	(void)p[0];
	signal(SIGBUS, poisoned);
	if (madvise((void *)p, page, MADV_HWPOISON)) {
		perror("madvise(MADV_HWPOISON)");
		return 1;
	}
	return 0;
}
