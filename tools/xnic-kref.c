// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xnic-kref: run a BPF object's XDP or TC program over a pcap in the host
 * kernel (BPF_PROG_TEST_RUN) and print what happened - the reference side of
 * every differential test against xnic-sim.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xnic/json_out.h"
#include "xnic/kref.h"
#include "xnic/pcap_io.h"

enum { EXIT_USAGE = 2, EXIT_NOPERM = 3 };

/* The help text is laid out as it prints. */
/* clang-format off */
static void usage(FILE *f)
{
	fputs("NAME\n"
	      "    xnic-kref - run a BPF program over a pcap in the host kernel\n"
	      "\n"
	      "SYNOPSIS\n"
	      "    xnic-kref [--sec NAME] PROG.o --pcap IN.pcap [--json] [-o FILE]\n"
	      "    xnic-kref [--sec NAME] PROG.o --pcap IN.pcap --repeat N\n"
	      "\n"
	      "DESCRIPTION\n"
	      "    Loads one XDP or TC program of the clang-built object PROG.o into the\n"
	      "    running kernel (libbpf creates its maps), then runs every frame of\n"
	      "    IN.pcap through BPF_PROG_TEST_RUN, in order, on that one loaded\n"
	      "    program, so map contents carry over from frame to frame.  At the end\n"
	      "    it reads back every map: ARRAY maps in full, HASH maps' present\n"
	      "    entries sorted by key bytes.  Per-CPU and other map types, and the\n"
	      "    read-only maps libbpf makes for constants (.rodata), are not dumped\n"
	      "    (they are listed in the maps_skipped stat).\n"
	      "\n"
	      "    The default output is for people: one line per frame with the verdict,\n"
	      "    output length and the first bytes of the output frame, then the maps.\n"
	      "    --json prints the contract that xnic-sim prints too:\n"
	      "      {\"packets\": [{\"retval\": N, \"data_out\": \"<hex>\", \"cycles\": 0}, ...],\n"
	      "       \"maps\": {\"<map>\": [{\"key\": \"<hex>\", \"value\": \"<hex>\"}, ...]},\n"
	      "       \"stats\": {...}}\n"
	      "    retval is unsigned decimal, hex is lower case without spaces.  The\n"
	      "    kernel has no cycle count: \"cycles\" is always 0 here and differential\n"
	      "    comparisons ignore it (and \"stats\", which holds the kernel's summed\n"
	      "    kernel_duration_ns).  A frame the kernel refuses to run (fewer than 14\n"
	      "    bytes; for TC an IPv4/IPv6 ethertype with a short network header)\n"
	      "    gets \"error\": \"<reason>\" and retval 0.\n"
	      "\n"
	      "OPTIONS\n"
	      "    --sec NAME     the program to run, by ELF section (\"xdp\", \"tc\") or\n"
	      "                   by function name; default: the first program\n"
	      "    --pcap FILE    input frames (Ethernet link type)\n"
	      "    --json         print the JSON contract instead of text\n"
	      "    --repeat N     timing mode: run each frame N times inside the kernel\n"
	      "                   and print the kernel's ns per run and packets per\n"
	      "                   second (XDP head/tail changes are not undone between\n"
	      "                   repetitions)\n"
	      "    -o, --output FILE   write the output to FILE instead of stdout\n"
	      "    --log          print the kernel verifier log when the load fails\n"
	      "                   (default) - and also when it succeeds\n"
	      "    -h, --help     this text\n"
	      "\n"
	      "EXIT STATUS\n"
	      "    0 success (even if some frames were refused: see \"error\")\n"
	      "    1 the object, program, pcap or output could not be used, or the\n"
	      "      verifier rejected the program (its log goes to stderr)\n"
	      "    2 usage error\n"
	      "    3 BPF not permitted here (not root, or the kernel forbids it)\n"
	      "\n"
	      "EXAMPLES\n"
	      "    xnic-pktgen -n 500 --seed 1 -o in.pcap\n"
	      "    xnic-kref build/bpf/examples/parser_counters.bpf.o --pcap in.pcap\n"
	      "    xnic-kref --sec xdp prog.bpf.o --pcap in.pcap --json -o ref.json\n"
	      "    xnic-kref prog.bpf.o --pcap in.pcap --repeat 100000\n",
	      f);
}
/* clang-format on */

static int bench(struct xnic_kref *k, const struct xnic_frames *fr, u32 repeat,
		 FILE *out)
{
	u64 sum_ns = 0, sum_wall = 0;
	u32 i;

	fprintf(out, "%-6s %-6s %-8s %-10s %-12s\n", "frame", "len", "retval",
		"ns/run", "wall ns/run");
	for (i = 0; i < fr->n; i++) {
		u32 ns = 0, rv = 0;
		u64 wall = 0;
		int ret = xnic_kref_bench(k, fr->v[i].data, fr->v[i].len,
					  repeat, &ns, &wall, &rv);

		if (ret) {
			fprintf(out, "%-6u %-6u error: %s\n", i, fr->v[i].len,
				strerror(-ret));
			continue;
		}
		fprintf(out, "%-6u %-6u %-8u %-10u %-12.1f\n", i, fr->v[i].len,
			rv, ns, (double)wall / repeat);
		sum_ns += ns;
		sum_wall += wall;
	}
	/* Wall time includes the syscall and, for XDP, the kernel switching
	 * its dispatcher around each repeated run (an RCU grace period):
	 * only the kernel's own figure measures the program. */
	if (fr->n && sum_ns)
		fprintf(out,
			"average %.1f ns/run (kernel) = %.0f packets/s; wall "
			"%.1f ns/run (syscall overhead included)\n",
			(double)sum_ns / fr->n, 1e9 * fr->n / (double)sum_ns,
			(double)sum_wall / ((double)repeat * fr->n));
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"sec", required_argument, NULL, 's'},
		{"pcap", required_argument, NULL, 'p'},
		{"json", no_argument, NULL, 'j'},
		{"repeat", required_argument, NULL, 'r'},
		{"output", required_argument, NULL, 'o'},
		{"log", no_argument, NULL, 'l'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *sec = NULL, *pcap = NULL, *obj = NULL, *outp = NULL;
	bool json = false, show_log = false;
	unsigned long repeat = 0;
	struct xnic_frames fr;
	struct xnic_result res;
	struct xnic_kref *k;
	char err[512];
	FILE *out = stdout;
	int c, ret;

	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			sec = optarg;
			break;
		case 'p':
			pcap = optarg;
			break;
		case 'j':
			json = true;
			break;
		case 'r': {
			char *end;

			repeat = strtoul(optarg, &end, 10);
			if (*end || !repeat || repeat > 100000000) {
				fprintf(stderr, "xnic-kref: --repeat wants "
						"1..100000000\n");
				return EXIT_USAGE;
			}
			break;
		}
		case 'o':
			outp = optarg;
			break;
		case 'l':
			show_log = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			fputs("try 'xnic-kref --help'\n", stderr);
			return EXIT_USAGE;
		}
	}
	if (optind + 1 != argc || !pcap) {
		fputs("usage: xnic-kref [--sec NAME] PROG.o --pcap IN.pcap "
		      "[--json] [-o FILE] [--repeat N]\n",
		      stderr);
		return EXIT_USAGE;
	}
	obj = argv[optind];

	if (xnic_pcap_read(pcap, &fr, err, sizeof(err))) {
		fprintf(stderr, "xnic-kref: %s\n", err);
		return 1;
	}
	ret = xnic_kref_open(&k, obj, sec, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "xnic-kref: %s\n", err);
		if (ret == -EACCES && k)
			fputs(xnic_kref_verifier_log(k), stderr);
		xnic_kref_close(k);
		xnic_frames_free(&fr);
		return ret == -EPERM ? EXIT_NOPERM : 1;
	}
	if (show_log)
		fputs(xnic_kref_verifier_log(k), stderr);
	if (outp) {
		out = fopen(outp, "w");
		if (!out) {
			perror(outp);
			xnic_kref_close(k);
			xnic_frames_free(&fr);
			return 1;
		}
	}
	if (repeat) {
		ret = bench(k, &fr, (u32)repeat, out);
	} else {
		xnic_result_init(&res);
		ret = xnic_kref_run(k, &fr, &res);
		if (ret)
			fprintf(stderr, "xnic-kref: reading results: %s\n",
				strerror(-ret));
		else if (json)
			ret = xnic_result_write_json(&res, out);
		else
			ret = xnic_result_write_text(&res, out,
						     xnic_kref_is_xdp(k));
		xnic_result_free(&res);
	}
	if (out != stdout && fclose(out))
		ret = -EIO;
	else if (out == stdout && fflush(out))
		ret = -EIO;
	xnic_kref_close(k);
	xnic_frames_free(&fr);
	return ret ? 1 : 0;
}
