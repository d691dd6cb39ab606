# SPDX-License-Identifier: GPL-2.0-only
#
# Sourced by every scenario in the guest.  Each check prints one line
#   XNIC-CHECK PASS|FAIL|SKIP <scenario>: <what was checked>
# and, on failure, the evidence as XNIC-INFO lines; tests/kernel/run.sh
# counts the lines on the host.

SCENARIO=$(basename "$0" .sh)
# Busybox's shell prefers its own applets: call the real tools by path.
IP=/sbin/ip
TC=/sbin/tc
BPFTOOL=/sbin/bpftool
ETHTOOL=/sbin/ethtool
PROGS=/progs
KMOD=/lib/modules/xnic

pass() { echo "XNIC-CHECK PASS $SCENARIO: $*"; }
skip() { echo "XNIC-CHECK SKIP $SCENARIO: $*"; }
fail() { echo "XNIC-CHECK FAIL $SCENARIO: $*"; }

# Prints evidence under a failed check.
info() { printf '%s\n' "$@" | head -n 30 | sed 's/^/XNIC-INFO   | /'; }

# check DESC CMD...: passes when CMD exits 0.
check() {
	desc=$1
	shift
	if out=$("$@" 2>&1); then
		pass "$desc"
	else
		fail "$desc"
		info "\$ $*" "$out"
	fi
}

# check_fails DESC CMD...: passes when CMD exits non-zero.
check_fails() {
	desc=$1
	shift
	if out=$("$@" 2>&1); then
		fail "$desc"
		info "\$ $* (unexpectedly succeeded)" "$out"
	else
		pass "$desc"
	fi
}

# check_output DESC REGEX CMD...: passes when CMD's output (stdout and
# stderr, whatever its exit code) matches the extended regex.
check_output() {
	desc=$1
	re=$2
	shift 2
	out=$("$@" 2>&1)
	if printf '%s\n' "$out" | grep -qE -- "$re"; then
		pass "$desc"
	else
		fail "$desc"
		info "\$ $*" "expected /$re/, got:" "$out"
	fi
}

# check_eq DESC EXPECTED ACTUAL
check_eq() {
	if [ "$2" = "$3" ]; then
		pass "$1"
	else
		fail "$1"
		info "expected: $2" "actual:   $3"
	fi
}

# ethtool -S counter value of a port.
stat() {
	$ETHTOOL -S "$1" | sed -n "s/^ *$2: *//p"
}

# The id of the (single) program named $1.
prog_id() {
	$BPFTOOL prog show name "$1" | sed -n 's/^\([0-9]*\): .*/\1/p' | head -n 1
}

load_xnic() {
	insmod $KMOD/xnic.ko "$@"
}

# A pair xnic0/xnic1, both up.
make_pair() {
	$IP link add xnic0 type xnic peer name xnic1 &&
		$IP link set xnic0 up && $IP link set xnic1 up
}

# A test frame: broadcast, local ethertype 0x88b5, $1 bytes of payload.
frame() {
	n=${1:-46}
	printf 'ffffffffffff020000000001''88b5'
	i=0
	while [ $i -lt "$n" ]; do
		printf '%02x' $((i & 255))
		i=$((i + 1))
	done
}

# The module's live objects (debugfs "objects"), polled for up to 5 s
# because programs are freed from RCU-deferred work; prints the last value.
objects_settle() {
	i=0
	while [ $i -lt 50 ]; do
		got=$(cat /sys/kernel/debug/xnic/objects)
		[ "$got" = "$1" ] && break
		usleep 100000
		i=$((i + 1))
	done
	echo "$got"
}

# The replay against the host kernel (scenarios 77 and 78; run.sh's
# /expected files).  replay_pair: a fresh pair whose xnic1, the port the
# programs run on, has the ifindex the host's test runs passed in their
# context, so a program reading ctx->ingress_ifindex sees the same value
# on both sides.
REPLAY_IFINDEX=$(cat /expected/replay.ifindex 2>/dev/null)
REPLAY_NESTING=$(cat /expected/replay.nesting 2>/dev/null)
# One ip process for the four steps: each start costs under TCG.
replay_pair() {
	[ -e /sys/class/net/xnic1 ] && $IP link del xnic1
	printf '%s\n' "link add xnic1 index $REPLAY_IFINDEX type xnic peer name xnic0" \
		"link set xnic0 up" "link set xnic1 up" | $IP -batch -
}

# replay_check NAME xdp|tc PROG_ID: with NAME's program offloaded on
# xnic1 (id PROG_ID), sends /expected/NAME.replay's frames on xnic0 one at
# a time and checks, against the host's BPF_PROG_TEST_RUN runs:
#  - per frame: where it ends (dropped, delivered on xnic1, sent back to
#    xnic0, each redirect through the wire back into the program), the
#    output bytes of a frame that arrives, and every counter of both ports
#    but hw_cycles (xnic-pkt replay);
#  - what ethtool -S xnic1's verdict counters added during the replay;
#  - the final contents of the program's maps (xnic-mapdump against
#    /expected/NAME.maps), when it has maps.
# xnic1's hw_aborted hw_drop hw_pass hw_tx hw_redirect, in that order.
replay_hw_counters() {
	$ETHTOOL -S xnic1 | awk -F': *' '{ sub(/^ */, "", $1); v[$1] = $2 }
		END { print v["hw_aborted"] + 0, v["hw_drop"] + 0, v["hw_pass"] + 0,
			v["hw_tx"] + 0, v["hw_redirect"] + 0 }'
}

replay_check() {
	name=$1
	exp=/expected/$name.replay
	# Frames, runs and the host's fates ("redirect>" for each redirect
	# before the last run), in one awk: every process costs under TCG.
	set -- "$1" "$2" "$3" $(awk -v tc="$2" '{
		runs += (NF - 1) / 2
		v = $(NF - 1)
		if (tc == "tc")
			f = v == 0 || v == 3 || v == 4294967295 ? "pass" : v == 7 ? "redirect" : "drop"
		else
			f = v == 1 ? "drop" : v == 2 ? "pass" : v == 3 ? "tx" : v == 4 ? "redirect" : "aborted"
		if (NF > 3)
			f = "redirect>" f
		count[f]++
	} END {
		printf "%d %d ", NR, runs
		for (f in count)
			printf "%d_%s,_", count[f], f
	}' "$exp")
	n=$4
	runs=$5
	fates=${6//_/ }
	before=$(replay_hw_counters)
	res=$(xnic-pkt replay xnic0 xnic1 "$exp" 1000 "$2" "$REPLAY_NESTING" 2>&1)
	if printf '%s\n' "$res" | grep -qE "^frames $n runs $runs compared $n mismatches 0\$"; then
		pass "$name: $n frames, $runs runs (host: ${fates%, }): fate, output frame and per-frame counters of both ports as the host"
	else
		fail "$name: $n frames, $runs runs (host: ${fates%, }): fate, output frame and per-frame counters of both ports as the host"
		info "$res"
	fi
	want=$(printf '%s\n' "$res" | grep '^xnic1 hw_')
	got=$(printf '%s\n%s\n' "$before" "$(replay_hw_counters)" | awk '
		NR == 1 { for (i = 1; i <= NF; i++) b[i] = $i }
		NR == 2 { printf "xnic1 hw_aborted=%d hw_drop=%d hw_pass=%d hw_tx=%d hw_redirect=%d",
			$1 - b[1], $2 - b[2], $3 - b[3], $4 - b[4], $5 - b[5] }')
	check_eq "$name: ethtool -S xnic1 verdict counters as the host's runs" "${want:-(replay printed none)}" "$got"
	if [ -s /expected/$name.maps ]; then
		check_eq "$name: final map contents as the host's ($(wc -l </expected/$name.maps) entries)" \
			"$(cat /expected/$name.maps)" "$(xnic-mapdump "$3" 2>&1 | sort)"
	fi
}

# A /proc/meminfo value in kB ("VmallocUsed", "Percpu", ...).
mem_kb() { sed -n "s/^$1: *\([0-9]*\) kB/\1/p" /proc/meminfo; }

# Objects in use in every slab cache, "cache count" per line (slub_debug
# is on, so caches are not merged and each count is one cache's own).
slab_objects() {
	awk '{ n = split(FILENAME, p, "/"); print p[n - 1], $1 }' /sys/kernel/slab/*/objects
}

# slab_grown BEFORE AFTER LIMIT: the caches whose objects in use grew by
# LIMIT or more between two slab_objects files, "cache +N" per line.
slab_grown() {
	awk -v lim="$3" 'NR == FNR { n[$1] = $2; next }
		$2 - n[$1] >= lim { print $1 " +" $2 - n[$1] }' "$1" "$2"
}

# Freed files, programs and maps reach their slab caches and vmalloc only
# after RCU grace periods and deferred work, so the leak checks poll for
# up to 5 s: a leak never settles, a deferred free does.
#
# slab_settle BEFORE LIMIT: slab_grown from BEFORE to now, once it is
# empty or 5 s have passed.
slab_settle() {
	i=0
	while :; do
		slab_objects >/tmp/slab_now
		g=$(slab_grown "$1" /tmp/slab_now "$2")
		if [ -z "$g" ] || [ $i -ge 50 ]; then
			break
		fi
		usleep 100000
		i=$((i + 1))
	done
	echo "$g"
}

# mem_settle NAME BASE LIMIT: growth in kB of /proc/meminfo NAME over
# BASE, once it is below LIMIT kB or 5 s have passed.
mem_settle() {
	i=0
	while :; do
		d=$(($(mem_kb "$1") - $2))
		if [ $d -lt "$3" ] || [ $i -ge 50 ]; then
			break
		fi
		usleep 100000
		i=$((i + 1))
	done
	echo $d
}

# traffic_start IF HEX [BATCH]: frames sent on IF in the background, in
# batches of BATCH (default 100), until traffic_stop, which waits for the
# sender and sets traffic_sent to how many frames it sent.  Call it
# directly, not in $(...): a subshell cannot wait for the sender.
traffic_start() {
	rm -f /tmp/traffic-stop /tmp/traffic-sent
	(
		n=0
		while [ ! -e /tmp/traffic-stop ]; do
			xnic-pkt send "$1" "$2" "${3:-100}" >/dev/null || break
			n=$((n + ${3:-100}))
		done
		echo $n >/tmp/traffic-sent
	) &
	traffic_pid=$!
}

traffic_stop() {
	touch /tmp/traffic-stop
	wait $traffic_pid
	rm -f /tmp/traffic-stop
	traffic_sent=$(cat /tmp/traffic-sent)
}
