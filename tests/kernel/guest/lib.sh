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
