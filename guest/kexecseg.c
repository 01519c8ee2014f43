// SPDX-License-Identifier: GPL-2.0
/*
 * kexecseg ADDR: ask kexec_load() for an image of one page-sized segment at
 * physical address ADDR (hexadecimal), as kexec-tools would place one, and
 * print "ok" or the errno name it failed with. "kexecseg -u" unloads.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/kexec.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	static char page[4096];
	struct kexec_segment seg;
	unsigned long addr;
	long ret;

	if (argc == 2 && !strcmp(argv[1], "-u"))
		ret = syscall(SYS_kexec_load, 0UL, 0UL, NULL, KEXEC_ARCH_DEFAULT);
	else if (argc == 2) {
		addr = strtoul(argv[1], NULL, 16);
		seg.buf = page;
		seg.bufsz = sizeof(page);
		seg.mem = (void *)addr;
		seg.memsz = sizeof(page);
		ret = syscall(SYS_kexec_load, addr, 1UL, &seg, KEXEC_ARCH_DEFAULT);
	} else {
		fprintf(stderr, "usage: kexecseg ADDR | kexecseg -u\n");
		return 2;
	}
	if (ret) {
		printf("%s\n", strerrorname_np(errno));
		return 1;
	}
	printf("ok\n");
	return 0;
}
