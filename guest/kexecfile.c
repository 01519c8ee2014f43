// SPDX-License-Identifier: GPL-2.0
/*
 * kexecfile KERNEL INITRD CMDLINE: load KERNEL, INITRD and CMDLINE with
 * kexec_file_load(), as "kexec -s -l" does, but with KEXEC_FILE_DEBUG, so
 * that the kernel logs where it placed each segment ("kexec_file:
 * segment[N]: ... mem=0x... memsz=0x..."): the tests that aim at the
 * segments, or around them, read that. Debian 12's kexec-tools predates
 * the flag. "kexecfile -u" unloads. Prints "ok" or the errno name.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/kexec.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef KEXEC_FILE_DEBUG
#define KEXEC_FILE_DEBUG	0x00000008
#endif

int main(int argc, char **argv)
{
	int kernel, initrd;
	long ret;

	if (argc == 2 && !strcmp(argv[1], "-u")) {
		ret = syscall(SYS_kexec_file_load, -1, -1, 0UL, NULL,
			      (unsigned long)KEXEC_FILE_UNLOAD);
	} else if (argc == 4) {
		kernel = open(argv[1], O_RDONLY | O_CLOEXEC);
		if (kernel < 0) {
			printf("%s\n", strerrorname_np(errno));
			return 1;
		}
		initrd = open(argv[2], O_RDONLY | O_CLOEXEC);
		if (initrd < 0) {
			printf("%s\n", strerrorname_np(errno));
			return 1;
		}
		ret = syscall(SYS_kexec_file_load, kernel, initrd,
			      strlen(argv[3]) + 1, argv[3],
			      (unsigned long)KEXEC_FILE_DEBUG);
	} else {
		fprintf(stderr, "usage: kexecfile KERNEL INITRD CMDLINE | kexecfile -u\n");
		return 2;
	}
	if (ret) {
		printf("%s\n", strerrorname_np(errno));
		return 1;
	}
	printf("ok\n");
	return 0;
}
