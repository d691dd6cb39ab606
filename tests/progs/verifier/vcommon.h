/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Shared bits of the verifier test programs.  Each program is small and
 * either safe or broken in exactly one way; tests/unit/test_verifier_progs.c
 * lists the expected verdict and message of each, and the host kernel's
 * verdict.  Inline asm forces instruction shapes clang would not emit.
 */
#ifndef VCOMMON_H
#define VCOMMON_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

/* Keep clang from folding a value it could otherwise see through. */
#define opaque(x) asm volatile("" : "+r"(x))

#endif
