/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The raw bpf() calls the guest tools share.  The guest has no libbpf
 * (the tools are linked statically against glibc only), so they speak
 * the syscall directly.
 */
#ifndef XNIC_GUEST_BPF_SYS_H
#define XNIC_GUEST_BPF_SYS_H

#include <linux/bpf.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static inline int sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

/* BPF_OBJ_GET_INFO_BY_FD into info (len bytes of it). */
static inline int obj_info(int fd, void *info, uint32_t len)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = fd;
	attr.info.info_len = len;
	attr.info.info = (uint64_t)(uintptr_t)info;
	return sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr);
}

/* An fd for the program with this id, or -1 with errno set. */
static inline int prog_fd_by_id(const char *id)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.prog_id = strtoul(id, NULL, 0);
	return sys_bpf(BPF_PROG_GET_FD_BY_ID, &attr);
}

#endif
