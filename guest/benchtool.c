// SPDX-License-Identifier: GPL-2.0
/*
 * Small tools for the guest side of the PRAM benchmark and tests:
 *
 *   benchtool now                  CLOCK_MONOTONIC in nanoseconds
 *   benchtool fill DIR BYTES FILES FILES files of BYTES in all, in DIR
 *   benchtool verify DIR BYTES FILES  check every byte fill wrote; name the first wrong one
 *   benchtool readall DIR          read every regular file; print bytes
 *   benchtool crc32c MIB           ns per 4 KiB page of a checksum over MIB
 *                                  of memory: "sw NS hw NS xxh64 NS",
 *                                  crc32c table-driven (slice-by-8, as
 *                                  lib/crc32.c) and with the SSE4.2 crc32
 *                                  instruction (hw -1 without), and xxh64
 *                                  (as lib/xxhash.c), PRAM's
 *   benchtool copy MIB             ns per 4 KiB page of memcpy() from MIB of
 *                                  memory to another MIB, both touched
 *                                  before: what copying a page costs, to
 *                                  set PRAM's costs per page against
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <ftw.h>
#include <stdint.h>
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

/*
 * crc32c two ways, to measure what the kernel's two implementations cost
 * on this CPU, or under this emulator: slice-by-8 tables like
 * lib/crc32.c's generic code, and the SSE4.2 instruction crc32c-intel
 * uses. Both compute the same value; main() checks that they agree.
 */
static uint32_t crc_table[8][256];

static void crc_sw_init(void)
{
	uint32_t c;
	int i, j;

	for (i = 0; i < 256; i++) {
		c = i;
		for (j = 0; j < 8; j++)
			c = (c >> 1) ^ (0x82f63b78 & -(c & 1));
		crc_table[0][i] = c;
	}
	for (i = 0; i < 256; i++)
		for (j = 1; j < 8; j++)
			crc_table[j][i] = (crc_table[j - 1][i] >> 8) ^
					  crc_table[0][crc_table[j - 1][i] & 0xff];
}

static uint32_t crc_sw(uint32_t crc, const uint64_t *p, size_t words)
{
	uint64_t w;

	while (words--) {
		w = *p++ ^ crc;
		crc = crc_table[7][w & 0xff] ^ crc_table[6][(w >> 8) & 0xff] ^
		      crc_table[5][(w >> 16) & 0xff] ^ crc_table[4][(w >> 24) & 0xff] ^
		      crc_table[3][(w >> 32) & 0xff] ^ crc_table[2][(w >> 40) & 0xff] ^
		      crc_table[1][(w >> 48) & 0xff] ^ crc_table[0][w >> 56];
	}
	return crc;
}

__attribute__((target("sse4.2")))
static uint32_t crc_hw(uint32_t crc, const uint64_t *p, size_t words)
{
	uint64_t c = crc;

	while (words--)
		c = __builtin_ia32_crc32di(c, *p++);
	return c;
}

/*
 * xxh64, the data checksum PRAM uses, written from its specification the
 * way lib/xxhash.c computes it: stripes of 32 bytes in four lanes.
 */
#define XXH_P1	0x9E3779B185EBCA87ULL
#define XXH_P2	0xC2B2AE3D27D4EB4FULL
#define XXH_P3	0x165667B19E3779F9ULL
#define XXH_P4	0x85EBCA77C2B2AE63ULL
#define XXH_P5	0x27D4EB2F165667C5ULL

static uint64_t rotl64(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

static uint64_t xxh_round(uint64_t acc, uint64_t input)
{
	return rotl64(acc + input * XXH_P2, 31) * XXH_P1;
}

static uint64_t xxh_merge(uint64_t acc, uint64_t val)
{
	return (acc ^ xxh_round(0, val)) * XXH_P1 + XXH_P4;
}

static uint64_t xxh64(const void *input, size_t len, uint64_t seed)
{
	const uint8_t *p = input, *end = p + len;
	uint64_t h, v1, v2, v3, v4, k;
	uint32_t w;

	if (len >= 32) {
		v1 = seed + XXH_P1 + XXH_P2;
		v2 = seed + XXH_P2;
		v3 = seed;
		v4 = seed - XXH_P1;
		for (; p + 32 <= end; p += 32) {
			memcpy(&k, p, 8), v1 = xxh_round(v1, k);
			memcpy(&k, p + 8, 8), v2 = xxh_round(v2, k);
			memcpy(&k, p + 16, 8), v3 = xxh_round(v3, k);
			memcpy(&k, p + 24, 8), v4 = xxh_round(v4, k);
		}
		h = rotl64(v1, 1) + rotl64(v2, 7) + rotl64(v3, 12) + rotl64(v4, 18);
		h = xxh_merge(xxh_merge(xxh_merge(xxh_merge(h, v1), v2), v3), v4);
	} else {
		h = seed + XXH_P5;
	}
	h += len;
	for (; p + 8 <= end; p += 8) {
		memcpy(&k, p, 8);
		h = rotl64(h ^ xxh_round(0, k), 27) * XXH_P1 + XXH_P4;
	}
	if (p + 4 <= end) {
		memcpy(&w, p, 4);
		h = rotl64(h ^ (w * XXH_P1), 23) * XXH_P2 + XXH_P3;
		p += 4;
	}
	for (; p < end; p++)
		h = rotl64(h ^ (*p * XXH_P5), 11) * XXH_P1;
	h ^= h >> 33;
	h *= XXH_P2;
	h ^= h >> 29;
	h *= XXH_P3;
	return h ^ (h >> 32);
}

/* As PRAM stamps a group: one call per 4 KiB page, chained by the seed. */
static uint32_t xxh_pages(uint32_t seed, const uint64_t *p, size_t words)
{
	uint64_t h = seed;
	size_t i;

	for (i = 0; i + 512 <= words; i += 512)
		h = xxh64(p + i, 4096, h);
	return h;
}

/* ns per 4 KiB page of @fn over @bytes of @mem, best of three passes. */
static double crc_rate(uint32_t (*fn)(uint32_t, const uint64_t *, size_t),
		       const uint64_t *mem, size_t bytes, uint32_t *crc)
{
	double best = 0, ns;
	struct timespec t0, t1;
	int pass;

	for (pass = 0; pass < 3; pass++) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		*crc = fn(~0u, mem, bytes / 8);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		ns = (t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec);
		if (!pass || ns < best)
			best = ns;
	}
	return best / (bytes / 4096);
}

static int crc32c_rates(unsigned long long mib)
{
	size_t bytes = mib << 20, i;
	uint32_t sw, hw, xx;
	uint64_t *mem;
	double sw_ns;

	mem = malloc(bytes);
	if (!mib || !mem) {
		fprintf(stderr, "crc32c: cannot have %llu MiB\n", mib);
		return 1;
	}
	for (i = 0; i < bytes / 8; i++)
		mem[i] = pattern(1, i * 8);
	crc_sw_init();
	sw_ns = crc_rate(crc_sw, mem, bytes, &sw);
	if (xxh64("", 0, 0) != 0xEF46DB3751D8E999ULL || xxh64("a", 1, 0) != 0xD24EC4F1A98C6E5BULL) {
		fprintf(stderr, "xxh64: wrong on the reference inputs\n");
		return 1;
	}
	if (!__builtin_cpu_supports("sse4.2")) {
		printf("sw %.0f hw -1 xxh64 %.0f\n", sw_ns, crc_rate(xxh_pages, mem, bytes, &xx));
		return 0;
	}
	printf("sw %.0f hw %.0f xxh64 %.0f\n", sw_ns, crc_rate(crc_hw, mem, bytes, &hw),
	       crc_rate(xxh_pages, mem, bytes, &xx));
	if (sw != hw) {
		fprintf(stderr, "crc32c: table %#x, instruction %#x\n", sw, hw);
		return 1;
	}
	return 0;
}

/* memcpy() of @mib MiB, a 4 KiB page at a time: ns per page, best of three. */
static int copy_rate(unsigned long long mib)
{
	size_t bytes = mib << 20, off;
	struct timespec t0, t1;
	double best = 0, ns;
	char *src, *dst;
	int pass;

	src = malloc(bytes);
	dst = malloc(bytes);
	if (!mib || !src || !dst) {
		fprintf(stderr, "copy: cannot have 2 x %llu MiB\n", mib);
		return 1;
	}
	memset(src, 0x5a, bytes);
	memset(dst, 0, bytes);
	for (pass = 0; pass < 3; pass++) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (off = 0; off < bytes; off += 4096)
			memcpy(dst + off, src + off, 4096);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		ns = (t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec);
		if (!pass || ns < best)
			best = ns;
	}
	if (memcmp(src, dst, bytes)) {
		fprintf(stderr, "copy: the copy differs\n");
		return 1;
	}
	printf("%.0f\n", best / (bytes / 4096));
	return 0;
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
	if (argc == 3 && !strcmp(argv[1], "crc32c"))
		return crc32c_rates(strtoull(argv[2], NULL, 0));
	if (argc == 3 && !strcmp(argv[1], "copy"))
		return copy_rate(strtoull(argv[2], NULL, 0));
	if (argc == 3 && !strcmp(argv[1], "readall")) {
		if (nftw(argv[2], read_one, 16, FTW_PHYS))
			return 1;
		printf("%llu\n", total);
		return 0;
	}
	fprintf(stderr, "usage: benchtool now | fill DIR BYTES FILES | verify DIR BYTES FILES | readall DIR | crc32c MIB | copy MIB\n");
	return 2;
}
