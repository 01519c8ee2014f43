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

/*
 * One chunk of file @i: @len bytes at offset @off, through buf. Returns
 * non-zero, having said why, to stop the walk.
 */
typedef int (*chunk_fn)(int fd, const char *path, unsigned long long i,
			unsigned long long off, size_t len);

/*
 * The files fill() writes, in order: DIR/f0000 onwards, BYTES / FILES
 * bytes each, opened with @flags and handed to @fn a CHUNK at a time.
 * With @at_end, each file is handed to it once its chunks are done.
 */
static int walk_files(const char *dir, unsigned long long bytes, unsigned int files,
		      int flags, chunk_fn fn,
		      int (*at_end)(int fd, const char *path, unsigned long long per))
{
	unsigned long long per = bytes / files, done, i;
	char path[4096];
	int fd, err = 0;

	for (i = 0; i < files && !err; i++) {
		snprintf(path, sizeof(path), "%s/f%04llu", dir, i);
		fd = open(path, flags, 0644);
		if (fd < 0) {
			perror(path);
			return 1;
		}
		for (done = 0; done < per && !err; done += CHUNK)
			err = fn(fd, path, i, done, per - done < CHUNK ? per - done : CHUNK);
		if (!err && at_end)
			err = at_end(fd, path, per);
		close(fd);
	}
	return err;
}

/* Distinct, incompressible enough, cheap. */
static int fill_chunk(int fd, const char *path, unsigned long long i,
		      unsigned long long off, size_t len)
{
	unsigned long long *p = (unsigned long long *)buf;
	unsigned long long w;

	for (w = 0; w < CHUNK / 8; w++)
		p[w] = pattern(i, off + w * 8);
	if (write(fd, buf, len) != (ssize_t)len) {
		perror(path);
		return 1;
	}
	return 0;
}

static int fill(const char *dir, unsigned long long bytes, unsigned int files)
{
	return walk_files(dir, bytes, files, O_CREAT | O_WRONLY | O_TRUNC,
			  fill_chunk, NULL);
}

static int verify_chunk(int fd, const char *path, unsigned long long i,
			unsigned long long off, size_t len)
{
	unsigned long long *p = (unsigned long long *)buf;
	unsigned long long w;

	if (read(fd, buf, len) != (ssize_t)len) {
		fprintf(stderr, "%s: short read at %llu\n", path, off);
		return 1;
	}
	for (w = 0; w < len / 8; w++) {
		if (p[w] != pattern(i, off + w * 8)) {
			fprintf(stderr, "%s: wrong bytes at offset %llu\n",
				path, off + w * 8);
			return 1;
		}
	}
	return 0;
}

static int verify_length(int fd, const char *path, unsigned long long per)
{
	if (read(fd, buf, 1) != 0) {
		fprintf(stderr, "%s: longer than %llu bytes\n", path, per);
		return 1;
	}
	return 0;
}

/* Compare every byte fill() wrote; name the first that differs. */
static int verify(const char *dir, unsigned long long bytes, unsigned int files)
{
	return walk_files(dir, bytes, files, O_RDONLY, verify_chunk, verify_length);
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
