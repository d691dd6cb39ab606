// SPDX-License-Identifier: GPL-2.0-only
/*
 * The host side of scenarios 77 and 78: what the host kernel's
 * BPF_PROG_TEST_RUN makes of a frame set, written so that the guest can
 * replay the same frames through the offload and compare.
 *
 *   xnic-replay-ref OBJ SEC FRAMES MAX_RUNS IFINDEX REPLAY_OUT MAPS_OUT
 *
 * Loads the first program of section SEC ("xdp" or "tc") of OBJ and runs
 * every frame of FRAMES (one hex frame a line) through it, in order, on
 * that one loaded program, so map state carries over as it does on the
 * chip.  IFINDEX (0: none) is the ifindex of the guest port the program
 * will run on: it goes into the test run's context (xdp_md's
 * ingress_ifindex; __sk_buff's ifindex and ingress_ifindex), so a device
 * with that ifindex must exist in this network namespace (run.sh makes
 * one in a private one).
 *
 * A redirect does not end a frame's journey on the NIC: the driver sends
 * it out of the other port of the pair, whose wire is the receiving
 * port's, so the same program runs again on the output.  That is followed
 * here too, up to MAX_RUNS runs (the driver's nesting bound), so each
 * REPLAY_OUT line is
 *     IN_HEX RETVAL OUT_HEX [RETVAL OUT_HEX]...
 * one RETVAL OUT_HEX pair per run (OUT_HEX "-" when empty, RETVAL unsigned
 * decimal).  A frame the kernel refuses to run (a TC frame with an IPv4 or
 * IPv6 ethertype and a short network header) is left out, as if never
 * sent: map state stays the same on both sides.  A refused run after a
 * redirect cannot be left out; that is an error (exit 1).
 *
 * MAPS_OUT gets the final contents of every ARRAY and HASH map the
 * program uses (its bpf_prog_info map ids, as the guest finds them), one
 * "NAME KEY_HEX VALUE_HEX" line per entry (the kernel's map name; every
 * ARRAY index, the present HASH keys), unsorted, as xnic-mapdump prints
 * them in the guest.
 *
 * Exit: 0 done, 1 error (message on stderr), 3 BPF not permitted.
 */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_FRAME   16384
#define OUT_CAP	    65536
#define ETH_HLEN_   14
#define MAX_RUNS    16
#define MAX_MAPS    64
#define EXIT_NOPERM 3

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Hex line to bytes; -1 on a malformed line. */
static long parse_hex(const char *s, unsigned char *out, size_t cap)
{
	size_t n = 0;

	while (s[0] && s[0] != '\n') {
		int hi = hexval(s[0]), lo = s[1] ? hexval(s[1]) : -1;

		if (hi < 0 || lo < 0 || n >= cap)
			return -1;
		out[n++] = hi << 4 | lo;
		s += 2;
	}
	return n;
}

static void put_hex(FILE *f, const unsigned char *b, size_t n)
{
	size_t i;

	if (!n)
		fputc('-', f);
	for (i = 0; i < n; i++)
		fprintf(f, "%02x", b[i]);
}

/* One BPF_PROG_TEST_RUN; returns 0 or -errno. */
static int run_once(int fd, bool xdp, unsigned int ifindex,
		    const unsigned char *in, size_t len, unsigned char *out,
		    unsigned int *out_len, unsigned int *retval)
{
	LIBBPF_OPTS(bpf_test_run_opts, o);
	struct __sk_buff skb_ctx;
	struct xdp_md xdp_ctx;

	o.data_in = in;
	o.data_size_in = len;
	o.data_out = out;
	o.data_size_out = OUT_CAP;
	o.repeat = 1;
	if (ifindex && xdp) {
		/* The kernel wants data_end = the frame length. */
		memset(&xdp_ctx, 0, sizeof(xdp_ctx));
		xdp_ctx.data_end = len;
		xdp_ctx.ingress_ifindex = ifindex;
		o.ctx_in = &xdp_ctx;
		o.ctx_size_in = sizeof(xdp_ctx);
	} else if (ifindex) {
		memset(&skb_ctx, 0, sizeof(skb_ctx));
		skb_ctx.ifindex = ifindex;
		skb_ctx.ingress_ifindex = ifindex;
		o.ctx_in = &skb_ctx;
		o.ctx_size_in = sizeof(skb_ctx);
	}
	if (bpf_prog_test_run_opts(fd, &o))
		return -errno;
	*retval = o.retval;
	*out_len = o.data_size_out;
	return 0;
}

static bool is_redirect(bool xdp, unsigned int rv)
{
	return xdp ? rv == XDP_REDIRECT : rv == TC_ACT_REDIRECT;
}

/* Every frame of frames_path, each followed through its redirects. */
static int replay(int fd, bool xdp, const char *frames_path, int max_runs,
		  unsigned int ifindex, FILE *out)
{
	static unsigned char in[MAX_FRAME], res[MAX_RUNS][OUT_CAP];
	static char line[2 * MAX_FRAME + 2];
	unsigned int rv[MAX_RUNS], olen[MAX_RUNS];
	FILE *f = fopen(frames_path, "r");
	int lineno = 0, runs, err, i;
	long len;

	if (!f) {
		perror(frames_path);
		return 1;
	}
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		len = parse_hex(line, in, sizeof(in));
		if (len < ETH_HLEN_) {
			fprintf(stderr,
				"%s:%d: not a hex frame of at least "
				"%d bytes\n",
				frames_path, lineno, ETH_HLEN_);
			fclose(f);
			return 1;
		}
		for (runs = 0;;) {
			err = runs ? run_once(fd, xdp, ifindex, res[runs - 1],
					      olen[runs - 1], res[runs],
					      &olen[runs], &rv[runs]) :
				     run_once(fd, xdp, ifindex, in, len, res[0],
					      &olen[0], &rv[0]);
			if (err == -EINVAL && !runs)
				break; /* refused: as if never sent */
			if (err) {
				fprintf(stderr,
					"frame %d, run %d: "
					"BPF_PROG_TEST_RUN: %s\n",
					lineno, runs + 1, strerror(-err));
				fclose(f);
				return 1;
			}
			runs++;
			if (runs == max_runs || !is_redirect(xdp, rv[runs - 1]))
				break;
		}
		if (!runs)
			continue;
		put_hex(out, in, len);
		for (i = 0; i < runs; i++) {
			fprintf(out, " %u ", rv[i]);
			put_hex(out, res[i], olen[i]);
		}
		fputc('\n', out);
	}
	fclose(f);
	return 0;
}

static int dump_map(int fd, FILE *out)
{
	struct bpf_map_info info;
	__u32 info_len = sizeof(info), ks, vs;
	static unsigned char key[512], next[512], val[4096];
	void *prev = NULL;
	__u32 i;

	memset(&info, 0, sizeof(info));
	if (bpf_obj_get_info_by_fd(fd, &info, &info_len))
		return -errno;
	ks = info.key_size;
	vs = info.value_size;
	if (ks > sizeof(key) || vs > sizeof(val))
		return -E2BIG;
	if (info.type == BPF_MAP_TYPE_ARRAY) {
		for (i = 0; i < info.max_entries; i++) {
			if (bpf_map_lookup_elem(fd, &i, val))
				return -errno;
			fprintf(out, "%s ", info.name);
			put_hex(out, (unsigned char *)&i, sizeof(i));
			fputc(' ', out);
			put_hex(out, val, vs);
			fputc('\n', out);
		}
		return 0;
	}
	if (info.type != BPF_MAP_TYPE_HASH)
		return 0; /* the NIC offloads no other type */
	while (!bpf_map_get_next_key(fd, prev, next)) {
		memcpy(key, next, ks);
		prev = key;
		if (bpf_map_lookup_elem(fd, key, val))
			return -errno;
		fprintf(out, "%s ", info.name);
		put_hex(out, key, ks);
		fputc(' ', out);
		put_hex(out, val, vs);
		fputc('\n', out);
	}
	return errno == ENOENT ? 0 : -errno;
}

/* The maps the program uses, as the guest finds them from its prog id. */
static int dump_prog_maps(int prog_fd, FILE *out)
{
	struct bpf_prog_info info;
	__u32 len = sizeof(info), ids[MAX_MAPS], i;
	int fd, err;

	memset(&info, 0, sizeof(info));
	info.nr_map_ids = MAX_MAPS;
	info.map_ids = (__u64)(unsigned long)ids;
	if (bpf_obj_get_info_by_fd(prog_fd, &info, &len))
		return -errno;
	if (info.nr_map_ids > MAX_MAPS)
		return -E2BIG;
	for (i = 0; i < info.nr_map_ids; i++) {
		fd = bpf_map_get_fd_by_id(ids[i]);
		if (fd < 0)
			return -errno;
		err = dump_map(fd, out);
		close(fd);
		if (err)
			return err;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct bpf_program *prog = NULL, *p;
	struct bpf_object *obj;
	FILE *out, *maps;
	int max_runs, err;
	unsigned int ifindex;
	bool xdp;

	if (argc != 8) {
		fprintf(stderr, "usage: xnic-replay-ref OBJ xdp|tc FRAMES "
				"MAX_RUNS IFINDEX REPLAY_OUT MAPS_OUT\n");
		return 2;
	}
	xdp = !strcmp(argv[2], "xdp");
	max_runs = atoi(argv[4]);
	ifindex = strtoul(argv[5], NULL, 0);
	if (max_runs < 1 || max_runs > MAX_RUNS) {
		fprintf(stderr, "MAX_RUNS must be 1..%d\n", MAX_RUNS);
		return 2;
	}
	libbpf_set_print(NULL);
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj) {
		fprintf(stderr, "%s: cannot open: %s\n", argv[1],
			strerror(errno));
		return 1;
	}
	bpf_object__for_each_program(p, obj)
	{
		if (!prog && !strcmp(bpf_program__section_name(p), argv[2]))
			prog = p;
	}
	if (!prog) {
		fprintf(stderr, "%s: no program in section %s\n", argv[1],
			argv[2]);
		return 1;
	}
	bpf_object__for_each_program(p, obj)
		bpf_program__set_autoload(p, p == prog);
	err = bpf_object__load(obj);
	if (err) {
		fprintf(stderr, "%s: load failed: %s\n", argv[1],
			strerror(-err));
		return err == -EPERM ? EXIT_NOPERM : 1;
	}
	out = fopen(argv[6], "w");
	if (!out) {
		perror(argv[6]);
		return 1;
	}
	err = replay(bpf_program__fd(prog), xdp, argv[3], max_runs, ifindex,
		     out);
	if (fclose(out) || err)
		return 1;
	maps = fopen(argv[7], "w");
	if (!maps) {
		perror(argv[7]);
		return 1;
	}
	err = dump_prog_maps(bpf_program__fd(prog), maps);
	if (err) {
		fprintf(stderr, "%s: maps: %s\n", argv[1], strerror(-err));
		return 1;
	}
	if (fclose(maps))
		return 1;
	bpf_object__close(obj);
	return 0;
}
