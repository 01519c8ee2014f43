// SPDX-License-Identifier: GPL-2.0
/*
 * counter: the process tree that the criu system test dumps before a
 * kernel update and restores after it.
 *
 *   counter start DIR   start a tree working in DIR, print the PID of
 *                       its root and return
 *   counter sum         print the checksum the tree's memory must have
 *
 * The root is PID 1 of a new PID namespace and the leader of its own
 * session, so that criu can dump the tree without --shell-job. It holds
 * MEM_BYTES of anonymous memory filled with a known pattern, DIR/out.log
 * as stdout, and DIR/ticks open for writing; its child sends it 1, 2, 3...
 * through a pipe, one number every 100 ms. For each number the root
 * checks that it is one more than the last, writes it as an 8-digit line
 * to DIR/ticks at the file's current position, and prints "tick N". On
 * SIGUSR1 it sums its memory again and writes "memory ok SUM" or
 * "memory BAD SUM" to DIR/memory.
 *
 * After a restore, the tree has continued only if out.log and ticks hold
 * 1, 2, 3... with nothing missing or repeated (the counter, the pipe and
 * the file position survived) and DIR/memory says ok with the sum that
 * "counter sum" prints.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/close_range.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MEM_BYTES	(64UL << 20)
#define SEED		0x5052414d2d637269ULL	/* "PRAM-cri" */

static volatile sig_atomic_t check_memory;

static void die(const char *what)
{
	fprintf(stderr, "counter: %s: %s\n", what, strerror(errno));
	exit(1);
}

static uint64_t next_word(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *state = x;
}

static void fill(uint64_t *mem)
{
	uint64_t state = SEED;
	size_t i;

	for (i = 0; i < MEM_BYTES / sizeof(*mem); i++)
		mem[i] = next_word(&state);
}

/* FNV-1a over the words: order matters, so a moved page is caught. */
static uint64_t sum(const uint64_t *mem)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < MEM_BYTES / sizeof(*mem); i++)
		h = (h ^ mem[i]) * 0x100000001b3ULL;
	return h;
}

static uint64_t *map_memory(void)
{
	void *mem = mmap(NULL, MEM_BYTES, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (mem == MAP_FAILED)
		die("mmap");
	return mem;
}

static void on_usr1(int sig)
{
	(void)sig;
	check_memory = 1;
}

static void report_memory(const char *dir, const uint64_t *mem, uint64_t want)
{
	char path[4096];
	uint64_t got = sum(mem);
	FILE *f;

	snprintf(path, sizeof(path), "%s/memory", dir);
	f = fopen(path, "w");
	if (!f)
		die(path);
	fprintf(f, "memory %s %016llx\n", got == want ? "ok" : "BAD",
		(unsigned long long)got);
	fclose(f);
}

static void child(int out)
{
	struct timespec tick = { 0, 100 * 1000 * 1000 };
	uint32_t n;

	for (n = 1; ; n++) {
		if (write(out, &n, sizeof(n)) != sizeof(n))
			die("write to the pipe");
		nanosleep(&tick, NULL);
	}
}

static void root(const char *dir)
{
	struct sigaction sa = { .sa_handler = on_usr1 };	/* no SA_RESTART */
	uint32_t n, last = 0;
	uint64_t *mem, want;
	char path[4096];
	int pipefd[2], ticks;
	ssize_t got;

	if (setsid() < 0)
		die("setsid");
	mem = map_memory();
	fill(mem);
	want = sum(mem);
	snprintf(path, sizeof(path), "%s/ticks", dir);
	ticks = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (ticks < 0)
		die(path);
	if (pipe(pipefd))
		die("pipe");
	switch (fork()) {
	case -1:
		die("fork");
	case 0:
		close(pipefd[0]);
		child(pipefd[1]);
	}
	close(pipefd[1]);
	if (sigaction(SIGUSR1, &sa, NULL))
		die("sigaction");
	printf("started: memory %016llx\n", (unsigned long long)want);
	fflush(stdout);

	for (;;) {
		if (check_memory) {
			check_memory = 0;
			report_memory(dir, mem, want);
		}
		got = read(pipefd[0], &n, sizeof(n));
		if (got < 0 && errno == EINTR)
			continue;
		if (got != sizeof(n))
			die("read from the pipe");
		if (n != last + 1)
			printf("BAD: got %u after %u\n", n, last);
		last = n;
		dprintf(ticks, "%08u\n", n);
		printf("tick %u\n", n);
		fflush(stdout);
	}
}

static int start(const char *dir)
{
	char path[4096];
	pid_t pid;
	int fd;

	snprintf(path, sizeof(path), "%s/out.log", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		die(path);
	if (unshare(CLONE_NEWPID))
		die("unshare(CLONE_NEWPID)");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);

		if (null < 0 || dup2(null, 0) < 0 || dup2(fd, 1) < 0 ||
		    dup2(fd, 2) < 0)
			die("redirect");
		/*
		 * Nothing else the starter had open: criu dumps every file
		 * of the tree, and cannot dump a serial port.
		 */
		close_range(3, ~0U, 0);
		root(dir);
	}
	printf("%d\n", pid);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "start"))
		return start(argv[2]);
	if (argc == 2 && !strcmp(argv[1], "sum")) {
		uint64_t *mem = map_memory();

		fill(mem);
		printf("%016llx\n", (unsigned long long)sum(mem));
		return 0;
	}
	fprintf(stderr, "usage: counter start DIR | counter sum\n");
	return 2;
}
