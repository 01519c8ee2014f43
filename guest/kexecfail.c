// SPDX-License-Identifier: GPL-2.0
/*
 * kexecfail SYMBOL: start the loaded kernel, as "kexec -e" does, with the
 * first page allocation made under the kernel function SYMBOL failing
 * (fail_page_alloc, fail-nth, filtered to SYMBOL's code by stack trace).
 * Returns only if the kexec did not happen.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <linux/reboot.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define FAIL_PAGE_ALLOC "/sys/kernel/debug/fail_page_alloc/"

static int write_file(const char *path, const char *value)
{
	int fd = open(path, O_WRONLY), ok;

	if (fd < 0) {
		perror(path);
		return -1;
	}
	ok = write(fd, value, strlen(value)) == (ssize_t)strlen(value);
	if (!ok)
		perror(path);
	close(fd);
	return ok ? 0 : -1;
}

/* SYMBOL's code: from its address to the next symbol's. */
static int symbol_text(const char *symbol, unsigned long *start, unsigned long *end)
{
	char line[512], name[256], type;
	unsigned long addr;
	FILE *f = fopen("/proc/kallsyms", "r");

	*start = 0;
	*end = ULONG_MAX;
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx %c %255s", &addr, &type, name) == 3 &&
		    !strcmp(name, symbol))
			*start = addr;
	if (f)
		rewind(f);
	while (*start && f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx %c %255s", &addr, &type, name) == 3 &&
		    addr > *start && addr < *end)
			*end = addr;
	if (f)
		fclose(f);
	return *start && *end != ULONG_MAX ? 0 : -1;
}

int main(int argc, char **argv)
{
	unsigned long start, end;
	char buf[32];

	if (argc != 2) {
		fprintf(stderr, "usage: kexecfail SYMBOL\n");
		return 2;
	}
	if (symbol_text(argv[1], &start, &end)) {
		fprintf(stderr, "kexecfail: no symbol %s in /proc/kallsyms\n", argv[1]);
		return 1;
	}
	snprintf(buf, sizeof(buf), "%#lx", start);
	if (write_file(FAIL_PAGE_ALLOC "require-start", buf))
		return 1;
	snprintf(buf, sizeof(buf), "%#lx", end);
	if (write_file(FAIL_PAGE_ALLOC "require-end", buf) ||
	    write_file(FAIL_PAGE_ALLOC "stacktrace-depth", "32") ||
	    write_file(FAIL_PAGE_ALLOC "ignore-gfp-wait", "N") ||
	    write_file(FAIL_PAGE_ALLOC "ignore-gfp-highmem", "N") ||
	    write_file(FAIL_PAGE_ALLOC "min-order", "0") ||
	    write_file(FAIL_PAGE_ALLOC "verbose", "0"))
		return 1;
	sync();
	if (write_file("/proc/thread-self/fail-nth", "1"))
		return 1;
	syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2,
		LINUX_REBOOT_CMD_KEXEC, NULL);
	perror("kexecfail: reboot(LINUX_REBOOT_CMD_KEXEC)");
	return 1;
}
