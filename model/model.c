// SPDX-License-Identifier: GPL-2.0
/*
 * A userspace model of PRAM's format code at sizes no test machine has:
 * the extent writer (mm/pram/extent.c), the take-over's checks and the
 * walk its reservation takes (mm/pram/check.c, range.c), compiled from
 * the kernel sources as they are, fed a synthetic hand-over.
 *
 *   pram-model LAYOUT GIB
 *
 * LAYOUT is contiguous (every page of GIB GiB) or scattered (every other
 * page), from 4 GiB on, in RAM twice the data's size above 4 GiB. The
 * model saves one node per GiB of 4 KiB pages, then times each phase and
 * counts the memory each needs:
 *   finalize  what the kernel does at kexec: mark every preserved page in
 *             a bitmap, count the extents, chain the extent pages, write
 *             the extents, stamp every metadata page
 *   check     pram_check_handover(): every check, before any reservation
 *   reserve   the walk over the runs that memblock_reserve_sorted() takes
 *   record    pram_check_copy_runs() and pram_check_record()
 * and prints one line:
 *   LAYOUT GIB PAGES EXTENTS RUNS finalize_ms check_ms reserve_ms
 *   record_ms finalize_kib record_kib
 * Only metadata pages are backed by memory; data pages are pfns. Unlike
 * the kernel, the model maps a metadata page for free (the kernel's first
 * checks use early_memremap()), marks pages with its own loop (the
 * kernel's pram_mark_range() is as simple), finds nothing busy, and does
 * not give pages back.
 */
#include <sys/time.h>
#include <time.h>

#include "include/model.h"
#include "internal.h"

#define DATA_BASE	0x100000ULL	/* first data pfn: 4 GiB */
#define GIB_PAGES	(1ULL << 18)

char *model_meta;
u64 model_meta_pfn;
unsigned long model_messages;

static u64 meta_pages;		/* backed from model_meta_pfn on */
static u64 alloc_now, alloc_peak;

__printf(1, 2) void model_printk(const char *fmt, ...)
{
	va_list args;

	model_messages++;
	if (!getenv("PRAM_MODEL_VERBOSE"))
		return;
	va_start(args, fmt);
	vfprintf(stderr, fmt, args);
	va_end(args);
}

void model_warn(const char *file, int line)
{
	fprintf(stderr, "pram-model: WARN at %s:%d\n", file, line);
	exit(1);
}

/* What mm/pram/core.c and handover.c give check.c. */
bool pram_valid_type(u32 type)
{
	return type == PRAM_PAGE_STREAM || type == PRAM_BYTE_STREAM;
}

bool pram_name_valid(const char *name, size_t len)
{
	size_t i;

	if (!len || len > PRAM_NAME_MAX)
		return false;
	for (i = 0; i < len; i++)
		if ((unsigned char)name[i] <= ' ' || (unsigned char)name[i] > '~')
			return false;
	return true;
}

static u32 crc_table[8][256];

/* Slice-by-8, as lib/crc32.c computes crc32_le() by default. */
static void crc_init(void)
{
	u32 c, i, k;

	for (i = 0; i < 256; i++) {
		for (c = i, k = 0; k < 8; k++)
			c = c & 1 ? (c >> 1) ^ 0xedb88320 : c >> 1;
		crc_table[0][i] = c;
	}
	for (i = 0; i < 256; i++)
		for (k = 1; k < 8; k++)
			crc_table[k][i] = (crc_table[k - 1][i] >> 8) ^
					  crc_table[0][crc_table[k - 1][i] & 0xff];
}

/* crc32_le(~0, ...), as the kernel stamps metadata pages */
u32 pram_meta_csum(const void *page)
{
	const u8 *p = (const u8 *)page + sizeof(struct pram_meta);
	size_t n = PAGE_SIZE - sizeof(struct pram_meta);
	u32 crc = ~0u, lo, hi;

	for (; n >= 8; p += 8, n -= 8) {
		memcpy(&lo, p, 4);
		memcpy(&hi, p + 4, 4);
		lo ^= crc;
		crc = crc_table[7][lo & 0xff] ^ crc_table[6][(lo >> 8) & 0xff] ^
		      crc_table[5][(lo >> 16) & 0xff] ^ crc_table[4][lo >> 24] ^
		      crc_table[3][hi & 0xff] ^ crc_table[2][(hi >> 8) & 0xff] ^
		      crc_table[1][(hi >> 16) & 0xff] ^ crc_table[0][hi >> 24];
	}
	for (; n; p++, n--)
		crc = crc_table[0][(crc ^ *p) & 0xff] ^ (crc >> 8);
	return crc;
}

static void stamp(void *page)
{
	struct pram_meta *meta = page;

	meta->magic = PRAM_MAGIC;
	meta->csum = pram_meta_csum(page);
}

static void *meta_page(u64 pfn)
{
	return model_meta + ((pfn - model_meta_pfn) << PAGE_SHIFT);
}

/* Back @nr more metadata pages; return the pfn of the first. */
static u64 meta_alloc(u64 nr)
{
	u64 pfn = model_meta_pfn + meta_pages;

	model_meta = realloc(model_meta, (meta_pages + nr) << PAGE_SHIFT);
	if (!model_meta) {
		fprintf(stderr, "pram-model: no memory for %llu metadata pages\n",
			meta_pages + nr);
		exit(1);
	}
	memset(model_meta + (meta_pages << PAGE_SHIFT), 0, nr << PAGE_SHIFT);
	meta_pages += nr;
	return pfn;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

struct model {
	bool scattered;
	u64 gib, data_pages, nr_nodes, links_per_node;
	u64 sb_pfn, first_node_pfn, max_pfn;
	unsigned long *marks;
};

static u64 data_pfn(const struct model *m, u64 i)
{
	return DATA_BASE + (m->scattered ? 2 * i : i);
}

/* Save: a node per GiB, its links full of order-0 entries. */
static void build_nodes(struct model *m)
{
	u64 n, l, i, next = 0, pfn, data = 0;

	m->nr_nodes = m->gib;
	m->links_per_node = DIV_ROUND_UP(GIB_PAGES, PRAM_LINK_ENTRIES);
	model_meta_pfn = data_pfn(m, m->data_pages) + PRAM_EXTENT_MAP_PAGES;
	m->sb_pfn = meta_alloc(1);
	m->first_node_pfn = meta_alloc(m->nr_nodes * (1 + m->links_per_node));
	/*
	 * RAM: 4 GiB below the data, and twice the data's pages from there
	 * on, metadata and extent pages included: the tree fills half of it.
	 */
	m->max_pfn = max(DATA_BASE + 2 * m->data_pages,
			 model_meta_pfn + meta_pages + m->data_pages / 16 + 64);
	m->marks = malloc(BITS_TO_LONGS(m->max_pfn) * sizeof(long));
	if (!m->marks)
		exit(1);
	for (n = m->nr_nodes; n-- > 0;) {
		u64 hdr_pfn = m->first_node_pfn + n * (1 + m->links_per_node);
		struct pram_node_hdr *hdr = meta_page(hdr_pfn);

		hdr->type = PRAM_PAGE_STREAM;
		hdr->name_len = snprintf(hdr->name, sizeof(hdr->name), "model%llu", n);
		hdr->link_pfn = hdr_pfn + 1;
		hdr->next_pfn = next;
		hdr->nr_links = m->links_per_node;
		hdr->nr_pages = GIB_PAGES;
		next = hdr_pfn;
		data = n * GIB_PAGES;
		for (l = 0; l < m->links_per_node; l++) {
			struct pram_link *link = meta_page(hdr_pfn + 1 + l);

			link->next_pfn = l + 1 < m->links_per_node ? hdr_pfn + 2 + l : 0;
			for (i = 0; i < PRAM_LINK_ENTRIES && data < (n + 1) * GIB_PAGES; i++) {
				pfn = data_pfn(m, data++);
				pram_set_link_entry(link, i, pram_mk_entry(pfn, 0));
			}
			link->nr_entries = i;
		}
	}
}

static void mark(struct model *m, u64 pfn, u64 nr)
{
	if (pfn + nr > m->max_pfn || find_next_bit(m->marks, pfn + nr, pfn) < pfn + nr) {
		fprintf(stderr, "pram-model: pfn %#llx marked twice or out of range\n", pfn);
		exit(1);
	}
	bitmap_set(m->marks, pfn, nr);
}

/* At kexec: mark, count, chain the extent pages, write, stamp. */
static u64 finalize(struct model *m, u64 *kib)
{
	struct pram_super_block *sb;
	u64 n, l, i, pages, nr_ext, ext_pfn, e;
	size_t bitmap_bytes;

	/* The kernel allocates the bitmap at boot and clears it at kexec. */
	bitmap_bytes = BITS_TO_LONGS(m->max_pfn) * sizeof(long);
	bitmap_zero(m->marks, m->max_pfn);
	mark(m, m->sb_pfn, 1);
	for (n = 0; n < m->nr_nodes; n++) {
		u64 hdr_pfn = m->first_node_pfn + n * (1 + m->links_per_node);

		mark(m, hdr_pfn, 1);
		for (l = 0; l < m->links_per_node; l++) {
			struct pram_link *link = meta_page(hdr_pfn + 1 + l);

			mark(m, hdr_pfn + 1 + l, 1);
			for (i = 0; i < link->nr_entries; i++)
				mark(m, pram_link_pfn(link, i), 1);
		}
	}
	nr_ext = DIV_ROUND_UP(pram_write_extents(NULL, m->marks, m->max_pfn, &pages),
			      PRAM_EXTENTS_PER_PAGE - 1);
	ext_pfn = meta_alloc(nr_ext);
	for (e = 0; e < nr_ext; e++) {
		struct pram_extent_page *page = meta_page(ext_pfn + e);

		page->next_pfn = e + 1 < nr_ext ? ext_pfn + e + 1 : 0;
		mark(m, ext_pfn + e, 1);
	}
	sb = meta_page(m->sb_pfn);
	sb->version = PRAM_FORMAT_VERSION;
	sb->generation = 1;
	sb->node_pfn = m->first_node_pfn;
	sb->nr_nodes = m->nr_nodes;
	sb->extent_pfn = ext_pfn;
	sb->nr_extent_pages = nr_ext;
	sb->nr_extents = pram_write_extents(meta_page(ext_pfn), m->marks, m->max_pfn,
					    &sb->nr_pages);
	for (i = 0; i < meta_pages; i++)
		stamp(model_meta + (i << PAGE_SHIFT));
	*kib = (bitmap_bytes + (nr_ext << PAGE_SHIFT)) / 1024;
	return sb->nr_extents;
}

/* The next kernel: RAM is every pfn from 1 MiB to the end of the model. */
static void *model_map(struct pram_check *c, u64 pfn)
{
	return pfn >= model_meta_pfn && pfn < model_meta_pfn + meta_pages ?
	       meta_page(pfn) : NULL;
}

static void model_unmap(struct pram_check *c, const void *page)
{
}

static bool model_in_ram(struct pram_check *c, u64 pfn, u64 nr)
{
	return pfn >= 256 && nr && pfn + nr >= pfn && pfn + nr <= c->max_pfn;
}

static bool model_readable(struct pram_check *c, u64 pfn)
{
	return model_map(c, pfn);
}

static int model_note_run(struct pram_check *c, u64 start, u64 nr)
{
	return 0;
}

static void *model_alloc(struct pram_check *c, size_t size)
{
	size_t *p = calloc(1, size + sizeof(size_t));

	if (!p)
		return NULL;
	*p = size;
	alloc_now += size;
	if (alloc_now > alloc_peak)
		alloc_peak = alloc_now;
	return p + 1;
}

static void model_free(struct pram_check *c, void *p, size_t size)
{
	size_t *s = (size_t *)p - 1;

	alloc_now -= *s;
	free(s);
}

static const struct pram_check_ops model_ops = {
	.map = model_map,
	.unmap = model_unmap,
	.in_ram = model_in_ram,
	.readable = model_readable,
	.note_run = model_note_run,
	.alloc = model_alloc,
	.free = model_free,
};

int main(int argc, char **argv)
{
	struct pram_check c = { .ops = &model_ops };
	struct model m = { };
	struct pram_run_walk w = { };
	struct pram_pfn_range r;
	double t0, t_fin, t_chk, t_res, t_rec;
	u64 extents, fin_kib, runs = 0, reserved = 0, i, kept = 0;
	int err;

	if (argc != 3 || (strcmp(argv[1], "contiguous") && strcmp(argv[1], "scattered")) ||
	    !(m.gib = strtoull(argv[2], NULL, 0))) {
		fprintf(stderr, "usage: pram-model contiguous|scattered GIB\n");
		return 2;
	}
	crc_init();
	m.scattered = !strcmp(argv[1], "scattered");
	m.data_pages = m.gib * GIB_PAGES;
	build_nodes(&m);

	t0 = now_ms();
	extents = finalize(&m, &fin_kib);
	t_fin = now_ms() - t0;

	c.env = &m;
	c.sb_pfn = m.sb_pfn;
	c.max_pfn = m.max_pfn;
	c.ram_pages = m.max_pfn - 256;
	c.span_min_pfn = DATA_BASE;	/* as the kernel: 4 GiB, RAM being larger */
	t0 = now_ms();
	err = pram_check_handover(&c);
	t_chk = now_ms() - t0;
	if (err) {
		fprintf(stderr, "pram-model: the check refused the hand-over: %d\n", err);
		return 1;
	}

	t0 = now_ms();
	pram_walk_start(&c, &w);
	while (pram_walk_next(&c, &w, &r)) {
		runs++;
		reserved += r.end - r.start;
	}
	pram_walk_end(&c, &w);
	t_res = now_ms() - t0;

	alloc_peak = alloc_now;
	t0 = now_ms();
	err = pram_check_copy_runs(&c);
	if (!err)
		err = pram_check_record(&c);
	t_rec = now_ms() - t0;
	if (err || runs != c.nr_runs || c.nr_nodes != m.nr_nodes) {
		fprintf(stderr, "pram-model: record %d, %llu runs walked of %llu, %llu nodes\n",
			err, runs, c.nr_runs, c.nr_nodes);
		return 1;
	}
	for (i = 0; i < c.nr_nodes; i++)
		kept += c.nodes[i].fate == PRAM_KEEP;
	if (kept != m.nr_nodes || reserved < m.data_pages) {
		fprintf(stderr, "pram-model: %llu of %llu nodes kept, %llu pages reserved\n",
			kept, m.nr_nodes, reserved);
		return 1;
	}
	printf("%s %llu %llu %llu %llu %.1f %.1f %.1f %.1f %llu %llu\n", argv[1], m.gib,
	       reserved, extents, runs, t_fin, t_chk, t_res, t_rec, fin_kib,
	       (unsigned long long)(alloc_peak / 1024));
	return 0;
}
