// SPDX-License-Identifier: GPL-2.0
/*
 * fhandle get PATH: print PATH's file handle (name_to_handle_at()) as
 *	TYPE:HEX, as an NFS server would keep it.
 * fhandle cat MOUNT HANDLE: open the file HANDLE names on the file system
 *	mounted at MOUNT (open_by_handle_at()) and copy it to stdout.
 * fhandle btime PATH: print PATH's birth time as SEC.NSEC (statx()).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define HANDLE_MAX 128

static int get(const char *path)
{
	struct file_handle *fh = malloc(sizeof(*fh) + HANDLE_MAX);
	unsigned int i;
	int mount_id;

	fh->handle_bytes = HANDLE_MAX;
	if (name_to_handle_at(AT_FDCWD, path, fh, &mount_id, 0)) {
		perror("name_to_handle_at");
		return 1;
	}
	printf("%d:", fh->handle_type);
	for (i = 0; i < fh->handle_bytes; i++)
		printf("%02x", fh->f_handle[i]);
	printf("\n");
	return 0;
}

static int cat(const char *mount, const char *handle)
{
	struct file_handle *fh = malloc(sizeof(*fh) + HANDLE_MAX);
	const char *hex = strchr(handle, ':');
	char buf[4096];
	int mfd, fd;
	ssize_t n;

	if (!hex || strlen(hex + 1) % 2 || strlen(hex + 1) / 2 > HANDLE_MAX) {
		fprintf(stderr, "bad handle %s\n", handle);
		return 2;
	}
	fh->handle_type = atoi(handle);
	fh->handle_bytes = strlen(hex + 1) / 2;
	for (n = 0; n < fh->handle_bytes; n++)
		sscanf(hex + 1 + 2 * n, "%2hhx", &fh->f_handle[n]);
	mfd = open(mount, O_RDONLY | O_DIRECTORY);
	if (mfd < 0) {
		perror(mount);
		return 1;
	}
	fd = open_by_handle_at(mfd, fh, O_RDONLY);
	if (fd < 0) {
		perror("open_by_handle_at");
		return 1;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (write(1, buf, n) != n)
			return 1;
	return n < 0;
}

static int btime(const char *path)
{
	struct statx stx;

	if (statx(AT_FDCWD, path, 0, STATX_BTIME, &stx)) {
		perror("statx");
		return 1;
	}
	if (!(stx.stx_mask & STATX_BTIME)) {
		fprintf(stderr, "%s: no birth time\n", path);
		return 1;
	}
	printf("%lld.%09u\n", (long long)stx.stx_btime.tv_sec, stx.stx_btime.tv_nsec);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "get"))
		return get(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "cat"))
		return cat(argv[2], argv[3]);
	if (argc == 3 && !strcmp(argv[1], "btime"))
		return btime(argv[2]);
	fprintf(stderr, "usage: fhandle get PATH | cat MOUNT HANDLE | btime PATH\n");
	return 2;
}
