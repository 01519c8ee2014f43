// SPDX-License-Identifier: GPL-2.0
/*
 * Small tools for the guest side of the PRAM benchmark and tests:
 *
 *   benchtool now                  CLOCK_MONOTONIC in nanoseconds
 *   benchtool fill DIR BYTES FILES FILES files of BYTES in all, in DIR
 *   benchtool verify DIR BYTES FILES  check every byte fill wrote; name the first wrong one
 *   benchtool readall DIR          read every regular file; print bytes
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CHUNK	(1 << 20)

static unsigned long long total;
static char *buf;

/* The word fill() writes, and verify() expects, at byte @off of file @i. */
static unsigned long long pattern(unsigned long long i, unsigned long long off)
{
	return (i << 40) ^ off ^ 0x9e3779b97f4a7c15ULL;
}

static int fill(const char *dir, unsigned long long bytes, unsigned int files)
{
	unsigned long long per = bytes / files, done, i, w;
	char path[4096];
	int fd;

	for (i = 0; i < files; i++) {
		snprintf(path, sizeof(path), "%s/f%04llu", dir, i);
		fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
		if (fd < 0) {
			perror(path);
			return 1;
		}
		for (done = 0; done < per; done += CHUNK) {
			unsigned long long *p = (unsigned long long *)buf;
			size_t n = per - done < CHUNK ? per - done : CHUNK;

			/* Distinct, incompressible enough, cheap. */
			for (w = 0; w < CHUNK / 8; w++)
				p[w] = pattern(i, done + w * 8);
			if (write(fd, buf, n) != (ssize_t)n) {
				perror(path);
				return 1;
			}
		}
		close(fd);
	}
	return 0;
}

/* Compare every byte fill() wrote; name the first that differs. */
static int verify(const char *dir, unsigned long long bytes, unsigned int files)
{
	unsigned long long per = bytes / files, done, i, w;
	char path[4096];
	ssize_t n;
	int fd;

	for (i = 0; i < files; i++) {
		snprintf(path, sizeof(path), "%s/f%04llu", dir, i);
		fd = open(path, O_RDONLY);
		if (fd < 0) {
			perror(path);
			return 1;
		}
		for (done = 0; done < per; done += n) {
			unsigned long long *p = (unsigned long long *)buf;
			size_t want = per - done < CHUNK ? per - done : CHUNK;

			n = read(fd, buf, want);
			if (n != (ssize_t)want) {
				fprintf(stderr, "%s: short read at %llu\n", path, done);
				return 1;
			}
			for (w = 0; w < want / 8; w++) {
				if (p[w] != pattern(i, done + w * 8)) {
					fprintf(stderr, "%s: wrong bytes at offset %llu\n",
						path, done + w * 8);
					return 1;
				}
			}
		}
		if (read(fd, buf, 1) != 0) {
			fprintf(stderr, "%s: longer than %llu bytes\n", path, per);
			return 1;
		}
		close(fd);
	}
	return 0;
}

static int read_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	ssize_t n;
	int fd;

	if (type != FTW_F || !S_ISREG(st->st_mode))
		return 0;
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		perror(path);
		return 1;
	}
	while ((n = read(fd, buf, CHUNK)) > 0)
		total += n;
	close(fd);
	return n < 0;
}

int main(int argc, char **argv)
{
	struct timespec ts;

	buf = malloc(CHUNK);
	if (!buf)
		return 1;
	if (argc == 2 && !strcmp(argv[1], "now")) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		printf("%lld\n", ts.tv_sec * 1000000000LL + ts.tv_nsec);
		return 0;
	}
	if (argc == 5 && !strcmp(argv[1], "fill"))
		return fill(argv[2], strtoull(argv[3], NULL, 0), atoi(argv[4]));
	if (argc == 5 && !strcmp(argv[1], "verify"))
		return verify(argv[2], strtoull(argv[3], NULL, 0), atoi(argv[4]));
	if (argc == 3 && !strcmp(argv[1], "readall")) {
		if (nftw(argv[2], read_one, 16, FTW_PHYS))
			return 1;
		printf("%llu\n", total);
		return 0;
	}
	fprintf(stderr, "usage: benchtool now | fill DIR BYTES FILES | verify DIR BYTES FILES | readall DIR\n");
	return 2;
}
