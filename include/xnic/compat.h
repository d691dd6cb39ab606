/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The one portability header of the xnic core.
 *
 * jit/, verifier_ext/ and firmware_sim/ include nothing from outside the
 * project except through this file, so the same sources build as static
 * libraries on the host and into xnic.ko.  Everything the core needs from
 * its environment is here: fixed-width types, allocation, memcpy/memset,
 * logging, 64-bit division and the BPF instruction definitions.
 */
#ifndef XNIC_COMPAT_H
#define XNIC_COMPAT_H

#ifdef __KERNEL__

#include <linux/types.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/math64.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/bpf.h>
#include <linux/filter.h>

static inline void *xnic_zalloc(size_t size)
{
	return kvzalloc(size, GFP_KERNEL);
}

static inline void xnic_free(void *p)
{
	kvfree(p);
}

#define xnic_log(fmt, ...) pr_info("xnic: " fmt, ##__VA_ARGS__)
#define xnic_vsnprintf vsnprintf
#define xnic_snprintf snprintf

#else /* host */

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/bpf.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

static inline void *xnic_zalloc(size_t size)
{
	return calloc(1, size ? size : 1);
}

static inline void xnic_free(void *p)
{
	free(p);
}

static inline u64 div_u64(u64 a, u32 b)
{
	return a / b;
}

static inline u64 div64_u64(u64 a, u64 b)
{
	return a / b;
}

static inline s64 div64_s64(s64 a, s64 b)
{
	return a / b;
}

#define xnic_log(fmt, ...) fprintf(stderr, "xnic: " fmt, ##__VA_ARGS__)
#define xnic_vsnprintf vsnprintf
#define xnic_snprintf snprintf

/* The kernel's spelling; -Wimplicit-fallthrough=5 accepts only this. */
#ifndef fallthrough
#define fallthrough __attribute__((__fallthrough__))
#endif

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif
#ifndef U32_MAX
#define U32_MAX ((u32)~0U)
#define S32_MAX ((s32)(U32_MAX >> 1))
#define S32_MIN ((s32)(-S32_MAX - 1))
#define U64_MAX ((u64)~0ULL)
#define S64_MAX ((s64)(U64_MAX >> 1))
#define S64_MIN ((s64)(-S64_MAX - 1))
#define U16_MAX ((u16)~0U)
#endif

#endif /* __KERNEL__ */

/* 64-bit remainders built on the division primitives above. */
static inline u64 xnic_mod_u64(u64 a, u64 b)
{
	return a - div64_u64(a, b) * b;
}

#define xnic_memcpy memcpy
#define xnic_memset memset
#define xnic_memcmp memcmp
#define xnic_strlen strlen
#define xnic_strcmp strcmp

/* BPF ISA v4 opcodes missing from older uapi headers. */
#ifndef BPF_MEMSX
#define BPF_MEMSX 0x80
#endif
#ifndef BPF_JCOND
#define BPF_JCOND 0xe0
#endif

#endif /* XNIC_COMPAT_H */
