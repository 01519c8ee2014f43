/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What PRAM's format code needs of the kernel, in userspace: types, bit
 * operations, a bitmap, printing. Every linux/ header the model compiles
 * against includes this one.
 */
#ifndef _PRAM_MODEL_H
#define _PRAM_MODEL_H

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef unsigned long long u64;
typedef long long s64;
typedef int32_t s32;
typedef uint8_t __u8;
typedef uint16_t __u16;
typedef uint32_t __u32;
typedef unsigned long long __u64;
typedef long long __s64;
typedef int32_t __s32;
typedef uint16_t __le16;
typedef uint32_t __le32;
typedef uint64_t __le64;
typedef unsigned int gfp_t;
typedef uint64_t phys_addr_t;

#define PAGE_SHIFT		12
#define PAGE_SIZE		(1UL << PAGE_SHIFT)
#define BITS_PER_LONG		64
#define BIT(n)			(1UL << (n))
#define BIT_ULL(n)		(1ULL << (n))
#define GENMASK_ULL(h, l)	((~0ULL << (l)) & (~0ULL >> (63 - (h))))
#define GENMASK(h, l)		GENMASK_ULL(h, l)
#define BITS_TO_LONGS(n)	(((n) + BITS_PER_LONG - 1) / BITS_PER_LONG)
#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define U64_MAX			UINT64_MAX
#define SZ_1K			1024
#define SZ_1M			(1024 * 1024)
#define MAX_PAGE_ORDER		10
#define PHYS_ADDR_MAX		(~(phys_addr_t)0)
#define IS_ALIGNED(x, a)	(((x) & ((typeof(x))(a) - 1)) == 0)
#define PFN_UP(x)		(((x) + PAGE_SIZE - 1) >> PAGE_SHIFT)
#define PFN_DOWN(x)		((x) >> PAGE_SHIFT)
#define PFN_PHYS(x)		((phys_addr_t)(x) << PAGE_SHIFT)

#define __packed		__attribute__((packed))
#define __init
#define __initconst
#define __initdata
#define __ro_after_init
#define __printf(a, b)		__attribute__((format(printf, a, b)))
#define __must_check
#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)
#define READ_ONCE(x)		(x)
#define WRITE_ONCE(x, v)	((x) = (v))
#define WARN_ON_ONCE(c)		({ bool __c = (c); if (__c) model_warn(__FILE__, __LINE__); __c; })
#define EXPORT_SYMBOL_IF_KUNIT(s)
#define VISIBLE_IF_KUNIT
#define IS_ENABLED(x)		0

#define min(a, b)		((a) < (b) ? (a) : (b))
#define max(a, b)		((a) > (b) ? (a) : (b))
#define min_t(t, a, b)		((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define max_t(t, a, b)		((t)(a) > (t)(b) ? (t)(a) : (t)(b))
#define swap(a, b)		do { typeof(a) __t = (a); (a) = (b); (b) = __t; } while (0)

static inline size_t array_size(size_t a, size_t b)
{
	return a && b > SIZE_MAX / a ? SIZE_MAX : a * b;
}

static inline unsigned int hweight64(u64 w)
{
	return __builtin_popcountll(w);
}

static inline int fls64(u64 w)
{
	return w ? 64 - __builtin_clzll(w) : 0;
}

static inline unsigned long __ffs(unsigned long w)
{
	return __builtin_ctzl(w);
}

static inline unsigned int __ffs64(u64 w)
{
	return __builtin_ctzll(w);
}

/* Messages: counted, and printed only with PRAM_MODEL_VERBOSE set. */
extern unsigned long model_messages;
__printf(1, 2) void model_printk(const char *fmt, ...);
void model_warn(const char *file, int line);
#ifndef pr_fmt
#define pr_fmt(fmt)		fmt
#endif
#define pr_err(fmt, ...)	model_printk(fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...)	model_printk(fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...)	model_printk(fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...)	do { } while (0)

struct va_format {
	const char *fmt;
	va_list *va;
};

/* The bitmap operations PRAM uses, a word at a time. */
static inline void bitmap_set(unsigned long *map, unsigned long start, unsigned long nr)
{
	for (; nr && (start % BITS_PER_LONG); start++, nr--)
		map[start / BITS_PER_LONG] |= 1UL << (start % BITS_PER_LONG);
	for (; nr >= BITS_PER_LONG; start += BITS_PER_LONG, nr -= BITS_PER_LONG)
		map[start / BITS_PER_LONG] = ~0UL;
	for (; nr; start++, nr--)
		map[start / BITS_PER_LONG] |= 1UL << (start % BITS_PER_LONG);
}

static inline void bitmap_clear(unsigned long *map, unsigned long start, unsigned long nr)
{
	for (; nr && (start % BITS_PER_LONG); start++, nr--)
		map[start / BITS_PER_LONG] &= ~(1UL << (start % BITS_PER_LONG));
	for (; nr >= BITS_PER_LONG; start += BITS_PER_LONG, nr -= BITS_PER_LONG)
		map[start / BITS_PER_LONG] = 0;
	for (; nr; start++, nr--)
		map[start / BITS_PER_LONG] &= ~(1UL << (start % BITS_PER_LONG));
}

static inline bool test_bit(unsigned long nr, const unsigned long *map)
{
	return map[nr / BITS_PER_LONG] >> (nr % BITS_PER_LONG) & 1;
}

static inline void __set_bit(unsigned long nr, unsigned long *map)
{
	map[nr / BITS_PER_LONG] |= 1UL << (nr % BITS_PER_LONG);
}

static inline bool __test_and_set_bit(unsigned long nr, unsigned long *map)
{
	unsigned long mask = 1UL << (nr % BITS_PER_LONG), *w = map + nr / BITS_PER_LONG;
	bool old = *w & mask;

	*w |= mask;
	return old;
}

static inline void bitmap_zero(unsigned long *map, unsigned long nbits)
{
	memset(map, 0, BITS_TO_LONGS(nbits) * sizeof(long));
}

static inline unsigned long model_find_bit(const unsigned long *map, unsigned long size,
					   unsigned long start, unsigned long invert)
{
	unsigned long w;

	if (start >= size)
		return size;
	w = (map[start / BITS_PER_LONG] ^ invert) & (~0UL << (start % BITS_PER_LONG));
	start -= start % BITS_PER_LONG;
	while (!w) {
		start += BITS_PER_LONG;
		if (start >= size)
			return size;
		w = map[start / BITS_PER_LONG] ^ invert;
	}
	start += __ffs(w);
	return start < size ? start : size;
}

#define find_next_bit(map, size, start)		model_find_bit(map, size, start, 0)
#define find_next_zero_bit(map, size, start)	model_find_bit(map, size, start, ~0UL)

#define for_each_set_bitrange(b, e, addr, size)				\
	for ((b) = 0;							\
	     (b) = find_next_bit((addr), (size), b),			\
	     (e) = find_next_zero_bit((addr), (size), (b) + 1),		\
	     (b) < (size);						\
	     (b) = (e) + 1)

#define for_each_set_bitrange_from(b, e, addr, size)			\
	for (;								\
	     (b) = find_next_bit((addr), (size), (b)),			\
	     (e) = find_next_zero_bit((addr), (size), (b) + 1),		\
	     (b) < (size);						\
	     (b) = (e) + 1)

#define for_each_clear_bitrange_from(b, e, addr, size)			\
	for (;								\
	     (b) = find_next_zero_bit((addr), (size), (b)),		\
	     (e) = find_next_bit((addr), (size), (b) + 1),		\
	     (b) < (size);						\
	     (b) = (e) + 1)

/*
 * The model's metadata pages, the only pages it backs with memory, lie at
 * consecutive pfns from model_meta_pfn on.
 */
extern char *model_meta;
extern u64 model_meta_pfn;
#define __pa(addr)	((phys_addr_t)((const char *)(addr) - model_meta) + \
			 PFN_PHYS(model_meta_pfn))
#define PHYS_PFN(x)	((unsigned long)((x) >> PAGE_SHIFT))
#define pfn_to_kaddr(pfn) \
	((void *)(model_meta + (((u64)(pfn) - model_meta_pfn) << PAGE_SHIFT)))

/* Only what PRAM's headers name. */
struct list_head {
	struct list_head *next, *prev;
};
struct mutex {
	int unused;
};
struct folio;
struct dentry;
unsigned long folio_pfn(struct folio *folio);
long folio_nr_pages(struct folio *folio);
int strscpy(char *dst, const char *src, size_t size);

#endif /* _PRAM_MODEL_H */
