// SPDX-License-Identifier: GPL-2.0
/*
 * mklinks DIR FIRST COUNT: create the files DIR/fN for N from FIRST to
 * FIRST + COUNT - 1, each with a second name DIR/lN, for the hardlinks
 * test: a shell loop would take minutes under TCG for 200000 of them.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char file[4096], link_name[4096];
	unsigned long first, count, n;
	int fd;

	if (argc != 4) {
		fprintf(stderr, "usage: mklinks DIR FIRST COUNT\n");
		return 2;
	}
	first = strtoul(argv[2], NULL, 0);
	count = strtoul(argv[3], NULL, 0);
	for (n = first; n < first + count; n++) {
		snprintf(file, sizeof(file), "%s/f%lu", argv[1], n);
		snprintf(link_name, sizeof(link_name), "%s/l%lu", argv[1], n);
		fd = open(file, O_CREAT | O_EXCL | O_WRONLY, 0644);
		if (fd < 0 || close(fd) || link(file, link_name)) {
			perror(file);
			return 1;
		}
	}
	return 0;
}
