#!/usr/bin/env bash
# The project's copy of a single-node Slurm set-up script (slurm-local.sh, from the
# infrastructure scripts this project was developed beside); unchanged below this note.
# slurm-local.sh - a throwaway single-node Slurm cluster on loopback, for tests and CI.
#
# Installs Slurm from the Debian packages if missing, writes a private config under
# $SLURM_LOCAL_DIR, starts munged + slurmctld + slurmd as root, and waits until the
# single node ("localhost", 127.0.0.1) is idle. Nothing under /etc/slurm is used.
#
# Usage: slurm-local.sh up|down|status|env|purge
#   up      install if missing, configure, start the daemons, wait for the node to be
#           idle. Idempotent: if this script's daemons are already up it does nothing.
#           Progress goes to stderr; stdout gets one line, so this works:
#               eval "$(slurm-local.sh up)"      # exports SLURM_CONF
#   down    cancel any jobs left, then stop the daemons this script started, by their
#           recorded PIDs (checked against /proc start time). Keeps logs and config.
#   status  show the daemons and `sinfo`; exit 0 = up, 3 = down, 1 = partly up.
#   env     print the `export SLURM_CONF=...` line.
#   purge   down, then delete $SLURM_LOCAL_DIR.
#
# Environment (all optional):
#   SLURM_LOCAL_DIR          config, state, logs, PID records  [${TMPDIR:-/tmp}/slurm-local]
#   SLURM_LOCAL_AUTH         munge | none  [munge]  (auth/none exists only in Slurm < 23.11)
#   SLURM_LOCAL_CTLD_PORT    slurmctld TCP port [6817]
#   SLURM_LOCAL_SLURMD_PORT  slurmd TCP port    [6818]
#   SLURM_LOCAL_CPUS         CPUs the node offers [detected]; more than the real count
#                            oversubscribes (SlurmdParameters=config_overrides)
#   SLURM_LOCAL_TIMEOUT      seconds to wait for the node to become idle [60]
#   SLURM_LOCAL_MIN_JOB_AGE  MinJobAge, seconds a finished job stays visible [5]; <= 5
#                            keeps `sbatch --wait` polling every 2s (see SLURM.md on
#                            the exit-code caveat for long arrays)
#   SLURM_LOCAL_NO_INSTALL   1 = never run apt-get; fail if Slurm is missing
#   SLURM_LOCAL_EXTRA_CONF   extra slurm.conf lines, appended verbatim
set -euo pipefail
umask 022 # munged refuses group/other-writable key, log and socket dirs

PROG=slurm-local
DIR=${SLURM_LOCAL_DIR:-${TMPDIR:-/tmp}/slurm-local}
AUTH=${SLURM_LOCAL_AUTH:-munge}
CTLD_PORT=${SLURM_LOCAL_CTLD_PORT:-6817}
SLURMD_PORT=${SLURM_LOCAL_SLURMD_PORT:-6818}
TIMEOUT=${SLURM_LOCAL_TIMEOUT:-60}
MIN_JOB_AGE=${SLURM_LOCAL_MIN_JOB_AGE:-5}
NODE=localhost
ADDR=127.0.0.1

ETC=$DIR/etc RUN=$DIR/run LOG=$DIR/log STATE=$DIR/state SPOOL=$DIR/spool
MUNGE=$DIR/munge PIDS=$DIR/pids
CONF=$ETC/slurm.conf
MUNGE_SOCK=$RUN/munge.socket
MARKER=$DIR/.slurm-local

say() { printf '%s: %s\n' "$PROG" "$*" >&2; }
die() { printf '%s: error: %s\n' "$PROG" "$*" >&2; exit 1; }

usage() {
	sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//' >&2
}

# ---------------------------------------------------------------- processes

# Field 22 of /proc/PID/stat (start time in clock ticks since boot); survives exec.
proc_start() {
	local s
	s=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
	s=${s##*) }
	# shellcheck disable=SC2086 # split the numeric fields on purpose
	set -- $s
	[ "$1" != Z ] || return 1 # a zombie is as good as gone
	echo "${20}"
}

# is_ours NAME -> prints PID and returns 0 if the process recorded for NAME is still
# the very process this script started (same PID, same start time, same program).
is_ours() {
	local name=$1 pid start now comm
	[ -r "$PIDS/$name" ] || return 1
	read -r pid start <"$PIDS/$name" || return 1
	[ -n "${pid:-}" ] && [ -n "${start:-}" ] || return 1
	now=$(proc_start "$pid") || return 1
	[ "$now" = "$start" ] || return 1
	comm=$(cat "/proc/$pid/comm" 2>/dev/null) || return 1
	case $comm in "$name"*) ;; *) return 1 ;; esac
	echo "$pid"
}

daemons() {
	if [ "$AUTH" = munge ] || [ -e "$PIDS/munged" ]; then
		echo munged slurmctld slurmd
	else
		echo slurmctld slurmd
	fi
}

# start_daemon NAME CMD... : run CMD in its own session, detached from our stdio and
# from the lock fd, and record "PID STARTTIME" in $PIDS/NAME.
start_daemon() {
	local name=$1 pid start comm _
	shift
	setsid "$@" </dev/null >>"$LOG/$name.stderr" 2>&1 9>&- &
	pid=$!
	# setsid execs in place (a background job of a script is no group leader), so $!
	# is the daemon itself once exec has happened.
	for _ in $(seq 1 50); do
		comm=$(cat "/proc/$pid/comm" 2>/dev/null) || break
		case $comm in "$name"*) break ;; esac
		sleep 0.1
	done
	start=$(proc_start "$pid") || die "$name exited at once (see $LOG/$name.stderr)"
	echo "$pid $start" >"$PIDS/$name"
	say "started $name (pid $pid)"
}

stop_daemon() {
	local name=$1 pid _
	if ! pid=$(is_ours "$name"); then
		rm -f "$PIDS/$name"
		return 0
	fi
	kill -TERM "$pid" 2>/dev/null || true
	for _ in $(seq 1 100); do
		is_ours "$name" >/dev/null || break
		sleep 0.1
	done
	if is_ours "$name" >/dev/null; then
		say "$name (pid $pid) ignored SIGTERM for 10s; sending SIGKILL"
		kill -KILL "$pid" 2>/dev/null || true
		sleep 0.5
	fi
	rm -f "$PIDS/$name"
	say "stopped $name (pid $pid)"
}

# ---------------------------------------------------------------- install

missing_cmds() {
	local c out=""
	for c in slurmctld slurmd sbatch srun sinfo squeue scancel scontrol setsid; do
		command -v "$c" >/dev/null 2>&1 || out="$out $c"
	done
	if [ "$AUTH" = munge ]; then
		for c in munged munge unmunge; do
			command -v "$c" >/dev/null 2>&1 || out="$out $c"
		done
	fi
	echo "$out"
}

install_slurm() {
	local missing added_policy=0 rc=0
	missing=$(missing_cmds)
	[ -z "$missing" ] && return 0
	[ "${SLURM_LOCAL_NO_INSTALL:-0}" = 1 ] &&
		die "missing:$missing (SLURM_LOCAL_NO_INSTALL=1, so not installing)"
	command -v apt-get >/dev/null 2>&1 ||
		die "missing:$missing and there is no apt-get to install slurm-wlm + munge"
	say "installing slurm-wlm and munge from the Debian packages (missing:$missing)"
	mkdir -p "$LOG"
	# Keep the packages' postinst from starting system-wide munge/slurm services.
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
		chmod 755 /usr/sbin/policy-rc.d
		added_policy=1
	fi
	export DEBIAN_FRONTEND=noninteractive
	local pkgs=(slurm-wlm munge)
	if ! apt-get install -y -q --no-install-recommends "${pkgs[@]}" >"$LOG/apt.log" 2>&1; then
		say "apt-get install failed; running apt-get update and retrying"
		{ apt-get update -q && apt-get install -y -q --no-install-recommends "${pkgs[@]}"; } \
			>>"$LOG/apt.log" 2>&1 || rc=$?
	fi
	[ "$added_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d
	if [ "$rc" != 0 ]; then
		tail -n 20 "$LOG/apt.log" >&2
		die "apt-get failed (rc $rc); full log: $LOG/apt.log"
	fi
	missing=$(missing_cmds)
	[ -z "$missing" ] || die "still missing after install:$missing"
}

# ---------------------------------------------------------------- config

port_in_use() { timeout 2 bash -c "exec 3<>/dev/tcp/$ADDR/$1" 2>/dev/null; }

slurm_version() { slurmctld -V 2>/dev/null | awk '{print $2}'; }

write_config() {
	local hw cpus mem topo comm="" extra=""
	# What slurmd itself detects, so the node does not drain on a topology mismatch.
	hw=$(slurmd -C 2>/dev/null | head -n 1 || true)
	cpus=$(sed -n 's/.* CPUs=\([0-9]*\).*/\1/p' <<<"$hw")
	mem=$(sed -n 's/.* RealMemory=\([0-9]*\).*/\1/p' <<<"$hw")
	[ -n "$cpus" ] || cpus=$(nproc)
	[ -n "$mem" ] || mem=$(awk '/^MemTotal:/ {print int($2/1024)}' /proc/meminfo)
	topo=$(grep -o 'Boards=[0-9]* SocketsPerBoard=[0-9]* CoresPerSocket=[0-9]* ThreadsPerCore=[0-9]*' \
		<<<"$hw" || true)
	if [ -n "${SLURM_LOCAL_CPUS:-}" ] && [ "$SLURM_LOCAL_CPUS" != "$cpus" ]; then
		cpus=$SLURM_LOCAL_CPUS
		topo=""
		extra="SlurmdParameters=config_overrides"
	fi
	# Bind the daemons to loopback only when this host's name resolves to loopback:
	# Slurm's NoInAddrAny binds to what gethostname() resolves to, not to NodeAddr.
	if getent ahosts "$(uname -n)" 2>/dev/null | head -n 1 | grep -q '^127\.'; then
		comm="CommunicationParameters=NoInAddrAny,NoCtldInAddrAny"
	fi

	cat >"$CONF" <<EOF
# Written by slurm-local.sh; regenerated by every 'up' that starts the daemons.
ClusterName=slurmlocal
SlurmctldHost=$NODE($ADDR)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
$comm
SlurmUser=root
SlurmdUser=root
AuthType=auth/$AUTH
CredType=cred/$AUTH
$([ "$AUTH" = munge ] && echo "AuthInfo=socket=$MUNGE_SOCK")
StateSaveLocation=$STATE
SlurmdSpoolDir=$SPOOL
SlurmctldPidFile=$RUN/slurmctld.pid
SlurmdPidFile=$RUN/slurmd.pid
SlurmctldLogFile=$LOG/slurmctld.log
SlurmdLogFile=$LOG/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
PlugStackConfig=$ETC/plugstack.conf
MailProg=/bin/true
# No cgroups: plain /proc process tracking, no task binding.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
# Start queued array tasks within ~1s of a free CPU (default waits up to 3s).
SchedulerParameters=batch_sched_delay=0
# sbatch --wait polls every 2s while MinJobAge <= 5 (longer MinJobAge -> 8s..32s polls),
# but a finished task is forgotten MinJobAge..MinJobAge+60s after it ends.
MinJobAge=$MIN_JOB_AGE
ReturnToService=2
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
KillWait=5
Waittime=0
$extra
NodeName=$NODE NodeAddr=$ADDR NodeHostname=$NODE CPUs=$cpus $topo RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$NODE Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
${SLURM_LOCAL_EXTRA_CONF:-}
EOF
	: >"$ETC/plugstack.conf"
	echo "export SLURM_CONF=$CONF" >"$ETC/env.sh"
}

start_munge() {
	rm -f "$MUNGE_SOCK" "$MUNGE_SOCK.lock" "$RUN/munged.pid"
	if [ ! -s "$MUNGE/munge.key" ]; then
		if command -v mungekey >/dev/null 2>&1; then
			mungekey -c -f -k "$MUNGE/munge.key"
		else
			dd if=/dev/urandom of="$MUNGE/munge.key" bs=1 count=1024 2>/dev/null
		fi
		chmod 600 "$MUNGE/munge.key"
	fi
	start_daemon munged munged -F \
		--key-file="$MUNGE/munge.key" --socket="$MUNGE_SOCK" \
		--pid-file="$RUN/munged.pid" --log-file="$LOG/munged.log" \
		--seed-file="$MUNGE/munged.seed"
	local _
	for _ in $(seq 1 100); do
		if munge -n -S "$MUNGE_SOCK" 2>/dev/null | unmunge -S "$MUNGE_SOCK" >/dev/null 2>&1; then
			return 0
		fi
		is_ours munged >/dev/null || break
		sleep 0.1
	done
	die "munged did not come up on $MUNGE_SOCK (see $LOG/munged.stderr)"
}

node_state() { SLURM_CONF=$CONF sinfo -h -N -n "$NODE" -o %T 2>/dev/null | head -n 1; }

show_logs() {
	local f
	for f in "$LOG"/munged.stderr "$LOG"/slurmctld.stderr "$LOG"/slurmd.stderr \
		"$LOG"/slurmctld.log "$LOG"/slurmd.log; do
		[ -s "$f" ] || continue
		echo "----- last lines of $f" >&2
		grep -v -e 'pmix' -e 'MPI: Cannot create context' "$f" | tail -n 15 >&2 || true
	done
}

# ---------------------------------------------------------------- commands

lock() {
	mkdir -p "$DIR"
	exec 9>"$DIR/.lock"
	if command -v flock >/dev/null 2>&1; then
		flock -w 300 9 || die "another slurm-local.sh holds $DIR/.lock"
	fi
}

all_up() {
	local d
	for d in $(daemons); do is_ours "$d" >/dev/null || return 1; done
}

any_up() {
	local d
	for d in munged slurmctld slurmd; do is_ours "$d" >/dev/null && return 0; done
	return 1
}

cmd_up() {
	[ "$(id -u)" = 0 ] || die "must run as root (slurmd launches jobs as root; apt-get needs root)"
	case $AUTH in munge | none) ;; *) die "SLURM_LOCAL_AUTH must be munge or none, not '$AUTH'" ;; esac
	local v
	for v in CTLD_PORT:"$CTLD_PORT" SLURMD_PORT:"$SLURMD_PORT" TIMEOUT:"$TIMEOUT" \
		MIN_JOB_AGE:"$MIN_JOB_AGE" CPUS:"${SLURM_LOCAL_CPUS:-1}"; do
		case ${v#*:} in
		'' | *[!0-9]*) die "SLURM_LOCAL_${v%%:*} must be a whole number, not '${v#*:}'" ;;
		esac
	done
	[ "$CTLD_PORT" != "$SLURMD_PORT" ] || die "SLURM_LOCAL_CTLD_PORT and SLURM_LOCAL_SLURMD_PORT must differ"
	lock
	if all_up; then
		say "already up in $DIR (node: $(node_state))"
		echo "export SLURM_CONF=$CONF"
		return 0
	fi
	if any_up; then
		say "found a partly running cluster; stopping it first"
		stop_all
	fi

	install_slurm

	local ver
	ver=$(slurm_version)
	if [ "$AUTH" = none ]; then
		case $ver in
		1[0-9].* | 2[0-2].* | 23.0[0-9]*) ;;
		*) die "Slurm $ver has no auth/none (removed in 23.11); use SLURM_LOCAL_AUTH=munge" ;;
		esac
	fi

	local p
	for p in "$CTLD_PORT" "$SLURMD_PORT"; do
		if port_in_use "$p"; then
			die "port $p on $ADDR is already in use (another Slurm?); pick free ones with SLURM_LOCAL_CTLD_PORT / SLURM_LOCAL_SLURMD_PORT"
		fi
	done

	T0=$(date +%s.%N)
	mkdir -p "$ETC" "$RUN" "$LOG" "$STATE" "$SPOOL" "$PIDS"
	mkdir -p "$MUNGE"
	chmod 700 "$MUNGE"
	chmod 755 "$DIR" "$RUN" # munged wants its socket dir searchable by all
	touch "$MARKER"
	rm -f "$LOG"/*.stderr "$LOG"/*.log "$STATE"/* 2>/dev/null || true
	write_config

	# From here on, any failure stops whatever was already started.
	trap 'rc=$?; if [ $rc != 0 ]; then show_logs; say "up failed; stopping what was started"; stop_all; fi' EXIT

	cd "$DIR" # the daemons keep this as their working directory
	[ "$AUTH" = munge ] && start_munge
	# -D: stay in the foreground (we detach it ourselves); -c: start from a clean state.
	start_daemon slurmctld slurmctld -D -c -f "$CONF"
	start_daemon slurmd slurmd -D -f "$CONF" -N "$NODE"

	local st="" deadline=$((SECONDS + TIMEOUT))
	while [ $SECONDS -lt $deadline ]; do
		st=$(node_state || true)
		case $st in idle) break ;; esac
		for p in $(daemons); do
			is_ours "$p" >/dev/null || die "$p died during start-up (node state '${st:-unknown}')"
		done
		sleep 0.25
	done
	[ "$st" = idle ] || die "node '$NODE' not idle after ${TIMEOUT}s (state '${st:-no answer}')"
	trap - EXIT
	say "up: node $NODE idle ($(awk "BEGIN{printf \"%.1f\", $(date +%s.%N) - $T0}")s to start); logs in $LOG"
	echo "export SLURM_CONF=$CONF"
}

stop_all() {
	# Cancel what is left so that no slurmstepd or job processes outlive the daemons.
	if is_ours slurmctld >/dev/null && is_ours slurmd >/dev/null; then
		local jobs _
		mapfile -t jobs < <(SLURM_CONF=$CONF squeue -h -o %F 2>/dev/null | sort -u || true)
		if [ "${#jobs[@]}" -gt 0 ]; then
			say "cancelling jobs still queued or running: ${jobs[*]}"
			SLURM_CONF=$CONF scancel "${jobs[@]}" 2>/dev/null || true
			for _ in $(seq 1 60); do
				[ -z "$(SLURM_CONF=$CONF squeue -h -o %A 2>/dev/null || true)" ] && break
				sleep 0.25
			done
		fi
	fi
	stop_daemon slurmd
	stop_daemon slurmctld
	stop_daemon munged
}

cmd_down() {
	if [ ! -d "$PIDS" ]; then
		say "nothing to stop in $DIR"
		return 0
	fi
	lock
	if ! any_up; then
		rm -f "$PIDS"/* 2>/dev/null || true
		say "not running (nothing to stop in $DIR)"
		return 0
	fi
	stop_all
	say "down"
}

cmd_status() {
	local d pid n=0 up=0
	echo "dir:  $DIR"
	echo "conf: $CONF"
	for d in munged slurmctld slurmd; do
		if pid=$(is_ours "$d"); then
			echo "$d: running (pid $pid)"
			up=$((up + 1))
		elif [ "$d" != munged ] || [ "$AUTH" = munge ]; then
			echo "$d: not running"
		fi
	done
	n=$(daemons | wc -w)
	if is_ours slurmctld >/dev/null; then
		SLURM_CONF=$CONF sinfo 2>&1 || true
		SLURM_CONF=$CONF squeue 2>&1 || true
	fi
	if [ "$up" -ge "$n" ]; then return 0; fi
	if [ "$up" = 0 ]; then return 3; fi
	return 1
}

cmd_purge() {
	cmd_down
	if [ -d "$DIR" ]; then
		[ -e "$MARKER" ] || die "$DIR was not made by slurm-local.sh (no $MARKER); not deleting it"
		rm -rf "$DIR"
		say "removed $DIR"
	fi
}

case ${1:-} in
up) cmd_up ;;
down) cmd_down ;;
status) cmd_status ;;
env) echo "export SLURM_CONF=$CONF" ;;
purge) cmd_purge ;;
-h | --help | help) usage ;;
*)
	usage
	die "unknown command '${1:-}' (want up, down, status, env or purge)"
	;;
esac
