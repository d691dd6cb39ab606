// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Host-kernel reference runner (see xnic/kref.h): libbpf loads the object,
 * BPF_PROG_TEST_RUN runs the frames, the map syscalls read the state back.
 */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "xnic/kref.h"

#define LOG_BUF_LEN (4u << 20)
#define OUT_BUF_LEN 65536
#define ETH_HLEN_   14

struct xnic_kref {
	struct bpf_object *obj;
	struct bpf_program *prog;
	int prog_fd;
	bool xdp;
	char *log;
	u8 *out;
};

/* libbpf's own messages: kept (the last few lines) for error reports
 * rather than printed, so tools control what reaches stderr. */
static char libbpf_msgs[2048];

static int libbpf_print(enum libbpf_print_level level, const char *fmt,
			va_list ap)
{
	size_t used = strlen(libbpf_msgs);
	char line[512];

	if (level == LIBBPF_DEBUG)
		return 0;
	vsnprintf(line, sizeof(line), fmt, ap);
	if (used + strlen(line) + 1 > sizeof(libbpf_msgs)) {
		libbpf_msgs[0] = '\0';
		used = 0;
	}
	memcpy(libbpf_msgs + used, line, strlen(line) + 1);
	return 0;
}

/* The last non-empty libbpf line, trimmed, for one-line errors. */
static const char *last_libbpf_line(void)
{
	static char buf[512];
	size_t n = strlen(libbpf_msgs);
	char *start;

	while (n && libbpf_msgs[n - 1] == '\n')
		n--;
	start = libbpf_msgs + n;
	while (start > libbpf_msgs && start[-1] != '\n')
		start--;
	snprintf(buf, sizeof(buf), "%.*s", (int)(libbpf_msgs + n - start),
		 start);
	return buf;
}

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static struct bpf_program *select_prog(struct bpf_object *obj, const char *sec)
{
	struct bpf_program *p;

	bpf_object__for_each_program(p, obj)
	{
		if (!sec || !strcmp(bpf_program__section_name(p), sec) ||
		    !strcmp(bpf_program__name(p), sec))
			return p;
	}
	return NULL;
}

static const char *perm_hint(void)
{
	return geteuid() ? "not root: BPF_PROG_LOAD and BPF_PROG_TEST_RUN need "
			   "root (or CAP_BPF and CAP_NET_ADMIN)" :
			   "BPF not permitted by this kernel (lockdown, "
			   "seccomp or a container policy?)";
}

static int kref_open(struct xnic_kref **out, const char *obj_path,
		     const char *sec, char *err, size_t errlen)
{
	struct xnic_kref *k;
	struct bpf_program *p;
	enum bpf_prog_type type;
	int ret;

	*out = NULL;
	libbpf_msgs[0] = '\0';
	if (access(obj_path, R_OK)) {
		set_err(err, errlen, "%s: %s", obj_path, strerror(errno));
		return -ENOENT;
	}
	k = calloc(1, sizeof(*k));
	if (!k)
		return -ENOMEM;
	k->prog_fd = -1;
	k->log = calloc(1, LOG_BUF_LEN);
	k->out = malloc(OUT_BUF_LEN);
	if (!k->log || !k->out) {
		xnic_kref_close(k);
		return -ENOMEM;
	}
	k->obj = bpf_object__open_file(obj_path, NULL);
	if (!k->obj) {
		char msg[128];

		ret = -errno;
		libbpf_strerror(ret, msg, sizeof(msg));
		set_err(err, errlen, "%s: not a usable BPF object: %s (%s)",
			obj_path, msg, last_libbpf_line());
		k->obj = NULL;
		xnic_kref_close(k);
		return -EINVAL;
	}
	k->prog = select_prog(k->obj, sec);
	if (!k->prog) {
		set_err(err, errlen, "%s: no program %s%s", obj_path,
			sec ? "with section or name " : "at all",
			sec ? sec : "");
		xnic_kref_close(k);
		return -ENOENT;
	}
	type = bpf_program__type(k->prog);
	if (type != BPF_PROG_TYPE_XDP && type != BPF_PROG_TYPE_SCHED_CLS) {
		set_err(err, errlen,
			"%s: program %s (section %s) is neither XDP nor TC "
			"(SEC(\"xdp\") or SEC(\"tc\"))",
			obj_path, bpf_program__name(k->prog),
			bpf_program__section_name(k->prog));
		xnic_kref_close(k);
		return -EINVAL;
	}
	k->xdp = type == BPF_PROG_TYPE_XDP;
	/* Only the selected program is loaded; the maps are shared. */
	bpf_object__for_each_program(p, k->obj)
		bpf_program__set_autoload(p, p == k->prog);
	bpf_program__set_log_buf(k->prog, k->log, LOG_BUF_LEN);

	ret = bpf_object__load(k->obj);
	if (ret) {
		/* A verifier rejection always leaves a log; a refusal to
		 * load at all (permissions) does not. */
		if (ret == -EPERM && !k->log[0]) {
			set_err(err, errlen, "%s", perm_hint());
			xnic_kref_close(k);
			return -EPERM;
		}
		if (k->log[0]) {
			set_err(err, errlen,
				"%s: the kernel verifier rejected program %s "
				"(%s); verifier log follows",
				obj_path, bpf_program__name(k->prog),
				strerror(-ret));
			*out = k;
			return -EACCES;
		}
		{
			char msg[128];

			libbpf_strerror(ret, msg, sizeof(msg));
			set_err(err, errlen, "%s: load failed: %s (%s)",
				obj_path, msg, last_libbpf_line());
		}
		xnic_kref_close(k);
		return -EINVAL;
	}
	k->prog_fd = bpf_program__fd(k->prog);
	*out = k;
	return 0;
}

int xnic_kref_open(struct xnic_kref **out, const char *obj_path,
		   const char *sec, char *err, size_t errlen)
{
	/* Capture libbpf's messages only while we load, leaving whatever
	 * printer the rest of the process installed in place. */
	libbpf_print_fn_t old = libbpf_set_print(libbpf_print);
	int ret = kref_open(out, obj_path, sec, err, errlen);

	libbpf_set_print(old);
	return ret;
}

void xnic_kref_close(struct xnic_kref *k)
{
	if (!k)
		return;
	bpf_object__close(k->obj);
	free(k->log);
	free(k->out);
	free(k);
}

const char *xnic_kref_verifier_log(const struct xnic_kref *k)
{
	return k->log;
}

const char *xnic_kref_prog_name(const struct xnic_kref *k)
{
	return bpf_program__name(k->prog);
}

const char *xnic_kref_sec_name(const struct xnic_kref *k)
{
	return bpf_program__section_name(k->prog);
}

bool xnic_kref_is_xdp(const struct xnic_kref *k)
{
	return k->xdp;
}

int xnic_kref_run_frame(struct xnic_kref *k, const void *data, u32 len,
			u32 *retval, void *out, u32 out_cap, u32 *out_len,
			u32 *duration_ns)
{
	LIBBPF_OPTS(bpf_test_run_opts, o);

	if (k->prog_fd < 0)
		return -EBADF;
	/* Both test-run flavours refuse less than an Ethernet header. */
	if (len < ETH_HLEN_)
		return -EINVAL;
	o.data_in = data;
	o.data_size_in = len;
	o.data_out = out;
	o.data_size_out = out_cap;
	o.repeat = 1;
	if (bpf_prog_test_run_opts(k->prog_fd, &o))
		return -errno;
	*retval = o.retval;
	*out_len = o.data_size_out;
	if (duration_ns)
		*duration_ns = o.duration;
	return 0;
}

int xnic_kref_run(struct xnic_kref *k, const struct xnic_frames *in,
		  struct xnic_result *res)
{
	u64 total_ns = 0;
	u32 i, errors = 0;
	int ret;

	for (i = 0; i < in->n; i++) {
		u32 retval = 0, olen = 0, ns = 0;
		char msg[XNIC_RES_ERR_LEN];

		ret = xnic_kref_run_frame(k, in->v[i].data, in->v[i].len,
					  &retval, k->out, OUT_BUF_LEN, &olen,
					  &ns);
		if (ret) {
			if (in->v[i].len < ETH_HLEN_)
				snprintf(msg, sizeof(msg),
					 "frame of %u bytes is shorter than an "
					 "Ethernet header",
					 in->v[i].len);
			else
				snprintf(msg, sizeof(msg),
					 "BPF_PROG_TEST_RUN refused the frame: "
					 "%s%s",
					 strerror(-ret),
					 !k->xdp && ret == -EINVAL ?
						 " (IPv4/IPv6 ethertype, "
						 "short network header)" :
						 "");
			errors++;
			ret = xnic_result_add_pkt_err(res, ret, msg);
		} else {
			total_ns += ns;
			ret = xnic_result_add_pkt(res, retval, k->out, olen, 0);
		}
		if (ret)
			return ret;
	}
	ret = xnic_kref_dump_maps(k, res);
	if (ret)
		return ret;
	if (xnic_result_add_stat_str(res, "runner",
				     "kernel BPF_PROG_TEST_RUN") ||
	    xnic_result_add_stat_str(res, "prog", xnic_kref_prog_name(k)) ||
	    xnic_result_add_stat_str(res, "section", xnic_kref_sec_name(k)) ||
	    xnic_result_add_stat(res, "frames", in->n) ||
	    xnic_result_add_stat(res, "frame_errors", errors) ||
	    xnic_result_add_stat(res, "kernel_duration_ns", total_ns))
		return -ENOMEM;
	return 0;
}

static int dump_array(int fd, const struct bpf_map *m, struct xnic_res_map *rm,
		      u8 *val)
{
	u32 i;

	for (i = 0; i < bpf_map__max_entries(m); i++) {
		if (bpf_map_lookup_elem(fd, &i, val))
			return -errno;
		if (xnic_res_map_add(rm, &i, val))
			return -ENOMEM;
	}
	return 0;
}

static int dump_hash(int fd, struct xnic_res_map *rm, u8 *key, u8 *next,
		     u8 *val)
{
	void *prev = NULL;

	while (!bpf_map_get_next_key(fd, prev, next)) {
		memcpy(key, next, rm->key_size);
		prev = key;
		if (bpf_map_lookup_elem(fd, key, val)) {
			if (errno == ENOENT)
				continue; /* deleted meanwhile; cannot happen
					     here */
			return -errno;
		}
		if (xnic_res_map_add(rm, key, val))
			return -ENOMEM;
	}
	return errno == ENOENT ? 0 : -errno;
}

/* .rodata-like maps libbpf makes from constants: read-only to the
 * program, so never state worth comparing (and libbpf names them
 * inconsistently: "obj.rodata", ".rodata.cst16", ...). */
static bool constant_map(const struct bpf_map *m)
{
	return bpf_map__is_internal(m) &&
	       (bpf_map__map_flags(m) & BPF_F_RDONLY_PROG);
}

int xnic_kref_dump_maps(struct xnic_kref *k, struct xnic_result *res)
{
	char skipped[512] = "";
	struct bpf_map *m;
	int ret = 0;

	bpf_object__for_each_map(m, k->obj)
	{
		enum bpf_map_type t = bpf_map__type(m);
		u32 ks = bpf_map__key_size(m), vs = bpf_map__value_size(m);
		struct xnic_res_map *rm;
		u8 *key, *next, *val;
		int fd = bpf_map__fd(m);

		if ((t != BPF_MAP_TYPE_ARRAY && t != BPF_MAP_TYPE_HASH) ||
		    constant_map(m)) {
			size_t used = strlen(skipped);

			snprintf(skipped + used, sizeof(skipped) - used, "%s%s",
				 used ? " " : "", bpf_map__name(m));
			continue;
		}
		rm = xnic_result_add_map(res, bpf_map__name(m), t, ks, vs);
		key = calloc(1, ks + 1);
		next = calloc(1, ks + 1);
		val = calloc(1, vs + 1);
		if (!rm || !key || !next || !val)
			ret = -ENOMEM;
		else if (t == BPF_MAP_TYPE_ARRAY)
			ret = dump_array(fd, m, rm, val);
		else
			ret = dump_hash(fd, rm, key, next, val);
		free(key);
		free(next);
		free(val);
		if (ret)
			return ret;
	}
	if (skipped[0] &&
	    xnic_result_add_stat_str(res, "maps_skipped", skipped))
		return -ENOMEM;
	return 0;
}

int xnic_kref_map_fd(struct xnic_kref *k, const char *name)
{
	struct bpf_map *m = bpf_object__find_map_by_name(k->obj, name);

	return m ? bpf_map__fd(m) : -ENOENT;
}

static u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ull + (u64)ts.tv_nsec;
}

int xnic_kref_bench(struct xnic_kref *k, const void *data, u32 len, u32 repeat,
		    u32 *ns_per_pkt, u64 *wall_ns, u32 *retval)
{
	LIBBPF_OPTS(bpf_test_run_opts, o);
	u64 t0;

	if (k->prog_fd < 0)
		return -EBADF;
	if (len < ETH_HLEN_)
		return -EINVAL;
	o.data_in = data;
	o.data_size_in = len;
	o.repeat = repeat ? repeat : 1;
	t0 = now_ns();
	if (bpf_prog_test_run_opts(k->prog_fd, &o))
		return -errno;
	*wall_ns = now_ns() - t0;
	*ns_per_pkt = o.duration;
	if (retval)
		*retval = o.retval;
	return 0;
}

bool xnic_kref_available(char *why, size_t whylen)
{
	/* r0 = XDP_PASS; exit */
	static const struct bpf_insn prog[] = {
		{.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 2},
		{.code = BPF_JMP | BPF_EXIT},
	};
	LIBBPF_OPTS(bpf_test_run_opts, o);
	u8 frame[64] = {0};
	int fd;

	if (geteuid()) {
		set_err(why, whylen, "%s", perm_hint());
		return false;
	}
	fd = bpf_prog_load(BPF_PROG_TYPE_XDP, "xnic_probe", "GPL", prog, 2,
			   NULL);
	if (fd < 0) {
		set_err(why, whylen, "BPF_PROG_LOAD failed: %s",
			strerror(errno));
		return false;
	}
	o.data_in = frame;
	o.data_size_in = sizeof(frame);
	if (bpf_prog_test_run_opts(fd, &o) || o.retval != 2) {
		set_err(why, whylen, "BPF_PROG_TEST_RUN failed: %s",
			strerror(errno));
		close(fd);
		return false;
	}
	close(fd);
	return true;
}
