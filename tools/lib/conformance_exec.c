// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The "exec" conformance backend: runs an external bpf_conformance plugin
 * the way the upstream runner does (memory as hex bytes in argv[1], the
 * program's bytes as hex text on stdin, r0 in hex on stdout).  Used to
 * test xnic-conformance-plugin end to end, and to compare with other
 * runtimes' plugins.  Exit status 3 means "rejected on purpose" (the
 * xnic-conformance-plugin convention); any other non-zero status is an
 * error whose message is the plugin's stderr (or stdout).
 */
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "xnic/bpf_asm.h"
#include "xnic/conformance.h"
#include "xnic/file_io.h"

#define PLUGIN_EXIT_REJECTED 3

static int exec_open(const char *arg, void **ctx, char *why, size_t whylen)
{
	if (!arg || !*arg) {
		snprintf(why, whylen,
			 "exec backend needs a plugin: --backend exec:PATH");
		return -EINVAL;
	}
	if (access(arg, X_OK)) {
		snprintf(why, whylen, "%s: %s", arg, strerror(errno));
		return -errno;
	}
	*ctx = strdup(arg);
	return *ctx ? 0 : -ENOMEM;
}

static void exec_close(void *ctx)
{
	free(ctx);
}

static char *hex_bytes(const u8 *p, size_t n)
{
	char *s = malloc(n * 3 + 1);
	size_t i;

	if (!s)
		return NULL;
	s[0] = 0;
	for (i = 0; i < n; i++)
		sprintf(s + i * 3, "%02x ", p[i]);
	return s;
}

static void chomp(char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
		s[--n] = 0;
}

static int exec_run(void *ctx, const struct bpf_insn *insns, u32 cnt, u8 *mem,
		    u32 mem_len, u64 *r0, char *why, size_t whylen)
{
	int in[2], out[2], errp[2], status, ret;
	char *memhex, *prog, *o = NULL, *e = NULL, *end;
	u8 *bytes;
	pid_t pid;
	u32 i;

	bytes = malloc((size_t)cnt * 8 + 1);
	if (!bytes)
		return -ENOMEM;
	for (i = 0; i < cnt; i++) {
		u64 w = xnic_bpf_insn_to_u64(&insns[i]);
		int b;

		for (b = 0; b < 8; b++)
			bytes[i * 8 + b] = (u8)(w >> (8 * b));
	}
	prog = hex_bytes(bytes, (size_t)cnt * 8);
	free(bytes);
	memhex = hex_bytes(mem, mem ? mem_len : 0);
	if (!prog || !memhex || pipe(in) || pipe(out) || pipe(errp)) {
		free(prog);
		free(memhex);
		snprintf(why, whylen, "cannot start plugin: %s",
			 strerror(errno));
		return -EIO;
	}
	pid = fork();
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		dup2(errp[1], 2);
		close(in[1]);
		close(out[0]);
		close(errp[0]);
		execl((const char *)ctx, (const char *)ctx, memhex,
		      (char *)NULL);
		fprintf(stderr, "exec %s: %s\n", (const char *)ctx,
			strerror(errno));
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	close(errp[1]);
	if (pid > 0) {
		/* the plugin reads all of stdin before it writes: no deadlock
		 */
		signal(SIGPIPE, SIG_IGN);
		/* a failed write shows up in the exit status below */
		if (write(in[1], prog, strlen(prog)) >= 0)
			ret = (int)write(in[1], "\n", 1);
		close(in[1]);
		o = xnic_read_fd(out[0], NULL);
		e = xnic_read_fd(errp[0], NULL);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	} else {
		close(in[1]);
	}
	close(out[0]);
	close(errp[0]);
	free(prog);
	free(memhex);
	if (pid < 0 || !o || !e) {
		snprintf(why, whylen, "cannot run plugin: %s", strerror(errno));
		ret = -EIO;
		goto out;
	}
	chomp(o);
	chomp(e);
	if (!WIFEXITED(status)) {
		snprintf(why, whylen, "plugin killed by signal %d",
			 WTERMSIG(status));
		ret = -EIO;
	} else if (WEXITSTATUS(status)) {
		const char *msg = e[0] ? e : o;
		static const char self[] = "xnic-conformance-plugin: ";
		static const char rej[] = "rejected: ";

		/* the verdict already says who and what; keep the reason */
		if (!strncmp(msg, self, sizeof(self) - 1))
			msg += sizeof(self) - 1;
		ret = WEXITSTATUS(status) == PLUGIN_EXIT_REJECTED ?
			      XNIC_CONFORMANCE_REJECTED :
			      -EIO;
		if (ret == XNIC_CONFORMANCE_REJECTED &&
		    !strncmp(msg, rej, sizeof(rej) - 1))
			msg += sizeof(rej) - 1;
		snprintf(why, whylen, "%s", msg);
	} else {
		errno = 0;
		*r0 = strtoull(o, &end, 16);
		if (errno || end == o || *end) {
			snprintf(why, whylen,
				 "plugin printed '%s', not a hex r0", o);
			ret = -EIO;
		} else {
			ret = XNIC_CONFORMANCE_RAN;
		}
	}
out:
	free(o);
	free(e);
	return ret;
}

static const struct xnic_conformance_backend exec_backend = {
	.name = "exec",
	.description = "an external bpf_conformance plugin (exec:PATH)",
	.open = exec_open,
	.run = exec_run,
	.close = exec_close,
	.no_mem_out = true, /* the protocol returns r0 only */
};

const struct xnic_conformance_backend *xnic_conformance_exec_backend(void)
{
	return &exec_backend;
}
