// SPDX-License-Identifier: GPL-2.0-only
/*
 * The maps of a loaded program, as the host's xnic-replay-ref prints them
 * after its BPF_PROG_TEST_RUN replay (scenarios 77 and 78):
 *
 *   xnic-mapdump PROG_ID
 *
 * prints one "NAME KEY_HEX VALUE_HEX" line per entry of every ARRAY and
 * HASH map the program uses (every ARRAY index, the present HASH keys;
 * NAME is the kernel's map name), unsorted: the caller sorts.  For an
 * offloaded program the lookups go to the device, so this reads what the
 * program left in the chip.  Raw bpf() calls: Debian's bpftool costs far
 * more under TCG and prints another format.
 */
#include <errno.h>
#include <linux/bpf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "bpf_sys.h"

#define MAX_MAPS 64

static int map_op(int cmd, int fd, const void *key, void *val_or_next)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = (uint64_t)(uintptr_t)key;
	if (cmd == BPF_MAP_GET_NEXT_KEY)
		attr.next_key = (uint64_t)(uintptr_t)val_or_next;
	else
		attr.value = (uint64_t)(uintptr_t)val_or_next;
	return sys_bpf(cmd, &attr);
}

static void hex(const unsigned char *b, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		printf("%02x", b[i]);
}

static void entry(const char *name, const void *key, uint32_t ks,
		  const void *val, uint32_t vs)
{
	printf("%s ", name);
	hex(key, ks);
	printf(" ");
	hex(val, vs);
	printf("\n");
}

static int dump(uint32_t id)
{
	static unsigned char key[512], next[512], val[4096];
	struct bpf_map_info info;
	union bpf_attr attr;
	const void *prev = NULL;
	uint32_t i;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.map_id = id;
	fd = sys_bpf(BPF_MAP_GET_FD_BY_ID, &attr);
	memset(&info, 0, sizeof(info));
	if (fd < 0 || obj_info(fd, &info, sizeof(info))) {
		perror("map");
		return 1;
	}
	if (info.key_size > sizeof(key) || info.value_size > sizeof(val)) {
		fprintf(stderr, "map %s: key or value too large\n", info.name);
		return 1;
	}
	if (info.type == BPF_MAP_TYPE_ARRAY) {
		for (i = 0; i < info.max_entries; i++) {
			if (map_op(BPF_MAP_LOOKUP_ELEM, fd, &i, val)) {
				perror("lookup");
				return 1;
			}
			entry(info.name, &i, sizeof(i), val, info.value_size);
		}
	} else if (info.type == BPF_MAP_TYPE_HASH) {
		while (!map_op(BPF_MAP_GET_NEXT_KEY, fd, prev, next)) {
			memcpy(key, next, info.key_size);
			prev = key;
			if (map_op(BPF_MAP_LOOKUP_ELEM, fd, key, val)) {
				perror("lookup");
				return 1;
			}
			entry(info.name, key, info.key_size, val,
			      info.value_size);
		}
		if (errno != ENOENT) {
			perror("get_next_key");
			return 1;
		}
	}
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	uint32_t map_ids[MAX_MAPS], i;
	struct bpf_prog_info info;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: xnic-mapdump PROG_ID\n");
		return 2;
	}
	fd = prog_fd_by_id(argv[1]);
	if (fd < 0) {
		perror("BPF_PROG_GET_FD_BY_ID");
		return 1;
	}
	memset(&info, 0, sizeof(info));
	info.nr_map_ids = MAX_MAPS;
	info.map_ids = (uint64_t)(uintptr_t)map_ids;
	if (obj_info(fd, &info, sizeof(info))) {
		perror("BPF_OBJ_GET_INFO_BY_FD");
		return 1;
	}
	if (info.nr_map_ids > MAX_MAPS) {
		fprintf(stderr, "more than %d maps\n", MAX_MAPS);
		return 1;
	}
	for (i = 0; i < info.nr_map_ids; i++)
		if (dump(map_ids[i]))
			return 1;
	return 0;
}
