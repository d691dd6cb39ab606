// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reads bpf_prog_info of a loaded program, for what Debian's bpftool
 * cannot show (it is built without libbfd, so `prog dump jited` fails):
 *
 *   xnic-proginfo ID [JITED_OUT]
 *
 * prints "id=N type=N ifindex=N jited_len=N xlated_len=N name=S" and, with
 * JITED_OUT, writes the jited image (for an offloaded program: the image
 * the driver's translate hook reported) byte for byte to that file.
 * Two BPF_OBJ_GET_INFO_BY_FD calls: one for the lengths, one for the bytes.
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

int main(int argc, char **argv)
{
	struct bpf_prog_info info;
	unsigned char *img = NULL;
	uint32_t len;
	FILE *f;
	int fd;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: xnic-proginfo ID [JITED_OUT]\n");
		return 2;
	}
	fd = prog_fd_by_id(argv[1]);
	if (fd < 0) {
		perror("BPF_PROG_GET_FD_BY_ID");
		return 1;
	}
	memset(&info, 0, sizeof(info));
	if (obj_info(fd, &info, sizeof(info))) {
		perror("BPF_OBJ_GET_INFO_BY_FD");
		return 1;
	}
	len = info.jited_prog_len;
	if (len) {
		img = calloc(1, len);
		if (!img)
			return 1;
		memset(&info, 0, sizeof(info));
		info.jited_prog_len = len;
		info.jited_prog_insns = (uint64_t)(uintptr_t)img;
		if (obj_info(fd, &info, sizeof(info))) {
			perror("BPF_OBJ_GET_INFO_BY_FD");
			return 1;
		}
	}
	printf("id=%u type=%u ifindex=%u jited_len=%u xlated_len=%u name=%s\n",
	       info.id, info.type, info.ifindex, len, info.xlated_prog_len,
	       info.name);
	if (argc == 3) {
		f = fopen(argv[2], "wb");
		if (!f || (len && fwrite(img, 1, len, f) != len) || fclose(f)) {
			perror(argv[2]);
			return 1;
		}
	}
	free(img);
	return 0;
}
