#!/usr/bin/env bash
# run-bench.sh — gilbench's single entry point: preflight -> build -> benchmarks -> report.
#
# Runs the JMH benchmarks of benchmarks/target/benchmarks.jar as a planned series of groups (one
# JMH run, one JSON file per group) and writes a results folder:
#   results/<host>-<yyyymmdd-HHMMSS>/   <group>.json (untouched JMH JSON), machine.json, run.log,
#                                       report/ (written by reports/target/gilbench-report.jar)
#
# Usage:    ./run-bench.sh [options]            (./run-bench.sh --help lists them)
# Examples: ./run-bench.sh                      the quick profile: every lesson, <= 10 min on 2 cores
#           ./run-bench.sh --dry-run --full     the plan of the full profile and its estimated time
#           ./run-bench.sh --workloads prime-check --models serial,gil-emulated --workers 1,2,4
#           ./run-bench.sh --resume results/myhost-20261122-131500
#           ./run-bench.sh --compare results/a results/b
# Requires: bash 3.2+, a JDK >= 21 (found by itself: JAVA_HOME, PATH, /usr/lib/jvm, macOS
#           /Library/Java/JavaVirtualMachines, ~/.sdkman), network access for the first build
#           (./mvnw fetches Maven and the dependencies).
# Exit:     0 done; 1 a failure (no JDK, build, a benchmark group, the report); 2 bad usage;
#           130 interrupted (finished groups are kept: --resume DIR completes the run).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")" && pwd)"
PROG="run-bench.sh"
JAR="$ROOT/benchmarks/target/benchmarks.jar"
REPORT_JAR="$ROOT/reports/target/gilbench-report.jar"
PROFILER="org.gilbench.bench.ModelProfiler"

# The user-facing names (the same in the CLI, the JMH params, the JSON and the charts).
ALL_MODELS="serial thread-pool virtual-thread forked-process gil-emulated"
ALL_WORKLOADS="prime-check count-loop range-sum sleep-io"

usage() {
  cat <<'EOF'
Usage: ./run-bench.sh [options]

Runs gilbench's JMH benchmarks and writes results/<host>-<yyyymmdd-HHMMSS>/ with one JMH JSON
per group, machine.json, run.log and the report (report/).

Profiles:
  --quick              (default) every lesson in <= 10 min on 2 cores: CPU-bound workloads under
                       every model at workers 1, 2, 4, .., cores; the sleep-io sweep; CPU %
  --full               the complete sweep: workers 1, 2, 4, .., 2 x cores, more iterations,
                       bigger sleep-io sweeps (durations 10/100/1000 ms); ~40 min on 2 cores
Selection:
  --workloads LIST     comma-separated: prime-check,count-loop,range-sum,sleep-io
  --models LIST        comma-separated: serial,thread-pool,virtual-thread,forked-process,gil-emulated
  --workers LIST       worker counts of the CPU-bound sweep, e.g. 1,2,4 (serial always runs at 1)
Output:
  --out DIR            write the results here instead of results/<host>-<date>/ (must not exist)
  --resume DIR         complete an interrupted run: re-runs only the groups missing in DIR
  --report-only DIR    (re)write DIR/report/ from DIR's JSON files; runs no benchmark
  --compare DIR DIR... compare runs; writes results/compare-<date>/ (or --out DIR)
Other:
  --dry-run            print the plan (groups, cells, skipped cells) and its estimated duration
  --list               list workloads, models, benchmarks and profiles
  -h, --help           this help

Exit: 0 ok, 1 failure, 2 bad usage, 130 interrupted.
EOF
}

# --- messages -------------------------------------------------------------------------------------
LOG=""            # run.log once the results folder exists
T0=$SECONDS

log_line() { if [ -n "$LOG" ]; then printf '%s\n' "$*" >>"$LOG"; fi; }
say() { printf '%s\n' "$*"; log_line "$*"; }
warn() { printf '%s: warning: %s\n' "$PROG" "$*" >&2; log_line "warning: $*"; }
die() { printf '%s: %s\n' "$PROG" "$*" >&2; log_line "error: $*"; exit 1; }
# Bad usage: one clear line, then the usage, exit 2.
bad_usage() { printf '%s: %s\n' "$PROG" "$*" >&2; usage >&2; exit 2; }
clock() { local s=$1; printf '%d:%02d' $((s / 60)) $((s % 60)); }
PHASE=0
PHASES=5
step() { PHASE=$((PHASE + 1)); say ""; say "[$PHASE/$PHASES] $* (elapsed $(clock $((SECONDS - T0))))"; }

# --- options --------------------------------------------------------------------------------------
PROFILE="quick"
WORKLOADS=""
MODELS=""
WORKERS=""
OUT=""
RESUME=""
REPORT_ONLY=""
COMPARE=()
DRY_RUN=0
LIST=0
ORIG_ARGS=("$@")

need_arg() { if [ "$2" -lt 2 ]; then bad_usage "option $1 needs an argument"; fi; }

# Checks a comma-separated LIST against the allowed names; prints it space-separated, in the order of
# the allowed names (serial first: the baseline runs before what is compared with it), no repeats.
check_names() {
  local what=$1 list=$2 allowed=$3 item out=""
  case "$list" in "" | ,* | *, | *,,*) bad_usage "bad $what list '$list' (expected e.g. ${allowed%% *},...)" ;; esac
  for item in ${list//,/ }; do
    case " $allowed " in
      *" $item "*) ;;
      *) bad_usage "unknown $what '$item' (known: ${allowed// /, })" ;;
    esac
  done
  for item in $allowed; do
    case ",$list," in *",$item,"*) out="$out $item" ;; esac
  done
  printf '%s' "${out# }"
}

# Checks a comma-separated list of worker counts (1..100000); prints it space-separated.
# shellcheck disable=SC2086  # $out is split on purpose, one count per line for sort.
check_workers() {
  local list=$1 item out=""
  case "$list" in "" | ,* | *, | *,,*) bad_usage "bad --workers list '$list' (expected e.g. 1,2,4)" ;; esac
  for item in ${list//,/ }; do
    case "$item" in
      *[!0-9]* | "" | 0*) bad_usage "bad worker count '$item' in --workers (expected whole numbers 1..100000)" ;;
    esac
    if [ "${#item}" -gt 6 ] || [ "$item" -gt 100000 ]; then
      bad_usage "bad worker count '$item' in --workers (expected whole numbers 1..100000)"
    fi
    out="$out $item"
  done
  # Ascending, no repeats: the sweep's x axis.
  printf '%s\n' $out | sort -n | uniq | tr '\n' ' ' | sed 's/ $//'
}

while [ $# -gt 0 ]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --quick) PROFILE="quick" ;;
    --full) PROFILE="full" ;;
    --workloads) need_arg "$1" $#; WORKLOADS=$(check_names workload "$2" "$ALL_WORKLOADS") || exit 2; shift ;;
    --models) need_arg "$1" $#; MODELS=$(check_names model "$2" "$ALL_MODELS") || exit 2; shift ;;
    --workers) need_arg "$1" $#; WORKERS=$(check_workers "$2") || exit 2; shift ;;
    --out) need_arg "$1" $#; OUT=$2; shift ;;
    --resume) need_arg "$1" $#; RESUME=$2; shift ;;
    --report-only) need_arg "$1" $#; REPORT_ONLY=$2; shift ;;
    --compare)
      shift
      while [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; do COMPARE+=("$1"); shift; done
      if [ "${#COMPARE[@]}" -lt 2 ]; then bad_usage "--compare needs at least two result folders"; fi
      continue ;;
    --dry-run) DRY_RUN=1 ;;
    --list) LIST=1 ;;
    -*) bad_usage "unknown option '$1'" ;;
    *) bad_usage "unexpected argument '$1' (options start with --)" ;;
  esac
  shift
done

modes=0
[ -n "$RESUME" ] && modes=$((modes + 1))
[ -n "$REPORT_ONLY" ] && modes=$((modes + 1))
[ "${#COMPARE[@]}" -gt 0 ] && modes=$((modes + 1))
[ "$LIST" = 1 ] && modes=$((modes + 1))
if [ "$modes" -gt 1 ]; then bad_usage "--resume, --report-only, --compare and --list cannot be combined"; fi
if [ -n "$RESUME" ] && [ -n "$OUT" ]; then bad_usage "--resume DIR writes into DIR: do not combine it with --out"; fi

# --- the machine ----------------------------------------------------------------------------------
# Logical CPUs: what the JVM's availableProcessors() sees, and what the worker sweeps go up to.
cpu_threads() {
  getconf _NPROCESSORS_ONLN 2>/dev/null || sysctl -n hw.logicalcpu 2>/dev/null || echo 1
}
CORES=$(cpu_threads)

# 1, 2, 4, ... below $1, then $1 itself.
powers_up_to() {
  local n=$1 w=1 out=""
  while [ "$w" -lt "$n" ]; do out="$out $w"; w=$((w * 2)); done
  printf '%s' "${out# } $n"
}

# --- the plan -------------------------------------------------------------------------------------
# A group is one JMH run: one benchmark under one model (and, for sleep-io, one pool size and one
# sleep duration), over the worker counts or task counts of the sweep. Its cells are JMH's
# parameter combinations; each runs in its own forked JVM.
#
# Iterations: SingleShotTime, one operation per iteration, so the profiler's per-iteration counters
# are per operation. The quick profile's warmup (2 operations) lets C2 compile the kernels (they
# run long loops, compiled on the first operation by OSR); its 8 measured operations give a spread
# good to about +-10% on a quiet machine, and on a shared one enough samples to see that some ran
# while another process held a core (bimodal raw data: 283 vs 490-580 ms for prime-check on 2
# threads here).
set_profile() {
  if [ "$PROFILE" = "full" ]; then
    CPU_WI=3; CPU_I=10          # CPU-bound groups: warmup / measured operations per cell
    IO_WI=1; IO_I=5             # sleep-io: sleeping needs no JIT warmup
    IO_TASKS="1 10 100 1000 10000 100000"
    IO_VT_EXTRA="1000000"       # only virtual threads go to a million concurrent sleeps
    IO_MILLIS="10 100 1000"
    IO_BUDGET_MS=10000          # skip sleep-io cells whose ceil(N/k) x d exceeds this
    CPU_WORKERS=$(powers_up_to $((CORES * 2)))
    POOLS_THREAD="16 1000 10000"
    POOLS_PROCESS="4 16"
    RANGE_VIEWS="compute end-to-end streamed"
  else
    CPU_WI=2; CPU_I=8
    IO_WI=1; IO_I=3
    IO_TASKS="10 100 1000 10000 100000"
    IO_VT_EXTRA="1000000"
    IO_MILLIS="100"
    IO_BUDGET_MS=3000
    CPU_WORKERS=$(powers_up_to "$CORES")
    POOLS_THREAD="16 1000"
    POOLS_PROCESS="4"
    RANGE_VIEWS="compute end-to-end streamed"
  fi
  if [ -n "$WORKERS" ]; then CPU_WORKERS=$WORKERS; fi
  if [ -z "$WORKLOADS" ]; then WORKLOADS=$ALL_WORKLOADS; fi
  if [ -z "$MODELS" ]; then MODELS=$ALL_MODELS; fi
}

# Planned groups, as parallel arrays.
G_NAME=(); G_ARGS=(); G_CELLS=(); G_EST=(); G_DESC=()
SKIPPED=()

add_group() { # name "jmh args" cells est_ms description
  G_NAME+=("$1"); G_ARGS+=("$2"); G_CELLS+=("$3"); G_EST+=("$4"); G_DESC+=("$5")
}

# Rough cost model (ms), from measurements on a 2-core machine (../shared/notes/measurements.md and
# this suite's own runs): only for the ETA and --dry-run; the benchmarks measure the real thing.
HOST_MS=1500      # the JMH host JVM: start, read the benchmark list, write the JSON
FORK_MS=1200      # one forked JVM per cell: start, trial setup, teardown

serial_op_ms() {
  case "$1" in
    prime-check) echo 550 ;; count-loop) echo 800 ;;
    range-sum-compute) echo 35 ;; range-sum-end-to-end) echo 200 ;; range-sum-streamed) echo 35 ;;
  esac
}

cpu_op_ms() { # benchmark model workers
  local base par
  base=$(serial_op_ms "$1")
  par=$3
  [ "$par" -gt "$CORES" ] && par=$CORES
  case "$2" in
    serial) par=1 ;;
    gil-emulated) par=1; base=$((base * 12 / 10)) ;;
  esac
  [ "$1" = count-loop ] && [ "$par" -gt 4 ] && par=4
  local ms=$((base / par))
  # A child JVM cannot see the parent's array: every slice (800 MB in all) is shipped on every run.
  case "$2/$1" in forked-process/range-sum-compute | forked-process/range-sum-end-to-end) ms=$((ms + 1000)) ;; esac
  echo "$ms"
}

setup_ms() { # benchmark model workers: the trial setup inside each cell's fork
  local ms=0
  case "$1" in range-sum-compute) ms=600 ;; esac
  [ "$2" = forked-process ] && ms=$((ms + 300 * $3))
  echo "$ms"
}

bench_regex() {
  case "$1" in
    prime-check) echo 'PrimeCheckBenchmark\.primeCheck$' ;;
    count-loop) echo 'CountLoopBenchmark\.countLoop$' ;;
    range-sum-compute) echo 'RangeSumBenchmark\.computeOnly$' ;;
    range-sum-end-to-end) echo 'RangeSumBenchmark\.endToEnd$' ;;
    range-sum-streamed) echo 'RangeSumBenchmark\.streamed$' ;;
    sleep-io) echo 'SleepIoBenchmark\.sleepIo$' ;;
  esac
}

plan_cpu() { # benchmark
  local b=$1 m w list est cells
  for m in $MODELS; do
    # serial has one worker by definition: it is the baseline, run once, not once per worker count.
    if [ "$m" = serial ]; then list="1"; else list=$CPU_WORKERS; fi
    est=$HOST_MS; cells=0
    for w in $list; do
      est=$((est + FORK_MS + $(setup_ms "$b" "$m" "$w") + (CPU_WI + CPU_I) * $(cpu_op_ms "$b" "$m" "$w")))
      cells=$((cells + 1))
    done
    add_group "$b-$m" "$(bench_regex "$b") -p model=$m -p workers=${list// /,} -wi $CPU_WI -i $CPU_I" \
      "$cells" "$est" "$b under $m, workers ${list// /,}"
    # The full profile adds the seeds' other process form: a new child JVM per task (Process per
    # slice), start-up and exit inside every operation (~60 ms and ~60 ms of CPU per child here).
    if [ "$PROFILE" = full ] && [ "$m" = forked-process ]; then
      case "$b" in prime-check | range-sum-end-to-end)
        local starts
        if [ "$b" = prime-check ]; then starts=65; else starts=8; fi
        est=$HOST_MS
        for w in $list; do
          est=$((est + FORK_MS + (CPU_WI + CPU_I) * ($(cpu_op_ms "$b" "$m" "$w") + starts * 60 / w)))
        done
        add_group "$b-$m-per-task" \
          "$(bench_regex "$b") -p model=$m -p workers=${list// /,} -p options=start=per-task -wi $CPU_WI -i $CPU_I" \
          "$cells" "$est" "$b under $m with start=per-task (a new child JVM per task), workers ${list// /,}" ;;
      esac
    fi
  done
}

# Sleep-io pool sizes per model: virtual threads unbounded (a million); fixed pools of platform
# threads at a typical and a large size; a few child JVMs (seed 004's Pool(4)); serial one.
io_pools() {
  case "$1" in
    serial) echo 1 ;;
    virtual-thread) echo 1000000 ;;
    forked-process) echo "$POOLS_PROCESS" ;;
    *) echo "$POOLS_THREAD" ;;
  esac
}

plan_io() {
  local m k d n waves op est cells kept skipped tasks per_task
  for m in $MODELS; do
    for k in $(io_pools "$m"); do
      for d in $IO_MILLIS; do
        tasks=$IO_TASKS
        [ "$m" = virtual-thread ] && tasks="$tasks $IO_VT_EXTRA"
        # Per-task cost beyond the sleep (creating, queueing, waking; a pipe round trip for children).
        case "$m" in forked-process) per_task=100 ;; virtual-thread) per_task=6 ;; *) per_task=10 ;; esac
        kept=""; skipped=""; est=$HOST_MS; cells=0
        for n in $tasks; do
          # A pool of k running n sleeps of d ms takes ceil(n / k) waves of d.
          waves=$(((n + k - 1) / k))
          if [ $((waves * d)) -gt "$IO_BUDGET_MS" ]; then
            skipped="$skipped $n"
            continue
          fi
          op=$((waves * d + n * per_task / 1000))
          est=$((est + FORK_MS + (IO_WI + IO_I) * op))
          kept="$kept $n"; cells=$((cells + 1))
        done
        if [ -n "$skipped" ]; then
          skipped=${skipped# }
          SKIPPED+=("sleep-io $m workers=$k ${d} ms: tasks ${skipped// /,} skipped (ceil(N/$k) x $d ms > budget $((IO_BUDGET_MS / 1000)) s per operation)")
        fi
        [ -z "$kept" ] && continue
        kept=${kept# }
        add_group "sleep-io-$m-w$k-${d}ms" \
          "$(bench_regex sleep-io) -p model=$m -p workers=$k -p tasks=${kept// /,} -p millis=$d -wi $IO_WI -i $IO_I" \
          "$cells" "$est" "sleep-io under $m, workers $k, tasks ${kept// /,} x $d ms"
      done
    done
  done
}

build_plan() {
  local wl v
  G_NAME=(); G_ARGS=(); G_CELLS=(); G_EST=(); G_DESC=(); SKIPPED=()
  for wl in $WORKLOADS; do
    case "$wl" in
      prime-check | count-loop) plan_cpu "$wl" ;;
      range-sum) for v in $RANGE_VIEWS; do plan_cpu "range-sum-$v"; done ;;
    esac
  done
  case " $WORKLOADS " in *" sleep-io "*) plan_io ;; esac
  plan_extras
}

# The GIL convoy and process start-up experiments, run with their own parameters (see their Javadoc):
# - gil-convoy (GilBenchmark): a thread sleeping 1 ms wakes ~5 ms late when a CPU-bound thread holds
#   the GIL; with sleep-io under gil-emulated.
# - process-start (ProcessStartBenchmark): what starting one child JVM costs; with forked-process and a
#   CPU-bound workload.
# Time-based iterations (SampleTime / AverageTime): warmup 1 s, measurement 2 s each.
plan_extras() {
  local wi i
  if [ "$PROFILE" = full ]; then wi=2; i=5; else wi=1; i=3; fi
  case " $MODELS " in *" gil-emulated "*)
    case " $WORKLOADS " in *" sleep-io "*)
      add_group gil-convoy "GilBenchmark\\.wakeUp\$ -p competitors=0,1,2 -wi $wi -i $i" 3 \
        $((HOST_MS + 3 * (FORK_MS + wi * 1000 + i * 2000))) \
        "GilBenchmark: 1 ms sleeps under the GIL with 0, 1, 2 CPU-bound competitors" ;;
    esac ;;
  esac
  case " $MODELS " in *" forked-process "*)
    case " $WORKLOADS " in *prime-check* | *count-loop* | *range-sum*)
      add_group process-start "ProcessStartBenchmark\\.startRoundTripExit\$ -wi $wi -i $i" 4 \
        $((HOST_MS + 4 * (FORK_MS + 1000 + wi * 1000 + i * 2000))) \
        "ProcessStartBenchmark: start one child JVM, one round trip, exit (default, lean, AOT, pool)" ;;
    esac ;;
  esac
}

plan_total_ms() {
  local i t=0
  for i in "${!G_EST[@]}"; do t=$((t + G_EST[i])); done
  echo "$t"
}

print_plan() {
  local i cells=0
  say "Plan: profile $PROFILE, $CORES CPUs; models: ${MODELS// /, }; workloads: ${WORKLOADS// /, }"
  say "      CPU-bound workers ${CPU_WORKERS// /, } ($CPU_WI warmup + $CPU_I measured operations per cell);" \
    "sleep-io $IO_WI + $IO_I"
  for i in "${!G_NAME[@]}"; do
    say "$(printf '  %3d. %-44s %3d cells  ~%6ss  %s' $((i + 1)) "${G_NAME[i]}" "${G_CELLS[i]}" \
      "$(((G_EST[i] + 500) / 1000))" "${G_DESC[i]}")"
    cells=$((cells + G_CELLS[i]))
  done
  for i in "${!SKIPPED[@]}"; do say "  not run: ${SKIPPED[i]}"; done
  say "Total: ${#G_NAME[@]} groups, $cells cells, estimated $(clock $((($(plan_total_ms) + 999) / 1000))) (min:s)" \
    "of benchmarks, plus the build (~1 min when needed) and the report"
}

list_all() {
  cat <<EOF
Workloads:  ${ALL_WORKLOADS// /, }
Models:     ${ALL_MODELS// /, }
Benchmarks (JMH, in benchmarks/target/benchmarks.jar; run-bench.sh group names):
  prime-check            PrimeCheckBenchmark.primeCheck     65 trial divisions (the seed's list x 5)
  count-loop             CountLoopBenchmark.countLoop       calc(): 4 x 100M increments
  range-sum-compute      RangeSumBenchmark.computeOnly      sum 1..1e8 over an existing array
  range-sum-end-to-end   RangeSumBenchmark.endToEnd         the same, creating the array each time
  range-sum-streamed     RangeSumBenchmark.streamed         the same ranges, counted (no data)
  sleep-io               SleepIoBenchmark.sleepIo           N concurrent sleeps of d ms
Profiles:
  --quick (default)      CPU-bound at workers 1..cores ($(powers_up_to "$CORES" | tr ' ' ',') here),
                         sleep-io N up to 100,000 (1,000,000 for virtual-thread) x 100 ms
  --full                 workers $(powers_up_to $((CORES * 2)) | tr ' ' ',') here, more iterations,
                         sleep-io durations 10/100/1000 ms and larger pools
EOF
}

# --- JDK discovery --------------------------------------------------------------------------------
# The major version of a java executable (8 for 1.8), or nothing if it does not run.
java_major() {
  local v
  v=$("$1" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1) || true
  case "$v" in
    "") return 0 ;;
    1.*) v=${v#1.}; echo "${v%%.*}" ;;
    *) v=${v%%[.+-]*}; echo "$v" ;;
  esac
}

JAVA=""
JAVA_MAJOR=0
find_jdk() {
  local c major best="" best_major=0 looked=()
  # JAVA_HOME, then java on PATH: the user's choice wins when it is new enough.
  for c in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java 2>/dev/null || true)"; do
    if [ -z "$c" ] || [ ! -x "$c" ]; then continue; fi
    major=$(java_major "$c")
    looked+=("$c (${major:-does not run})")
    if [ "${major:-0}" -ge 21 ]; then best=$c; best_major=$major; break; fi
  done
  # Otherwise the newest JDK >= 21 in the usual install folders.
  if [ -z "$best" ]; then
    for c in /usr/lib/jvm/*/bin/java /Library/Java/JavaVirtualMachines/*/Contents/Home/bin/java \
      "$HOME"/.sdkman/candidates/java/*/bin/java; do
      [ -x "$c" ] || continue
      major=$(java_major "$c")
      looked+=("$c (${major:-does not run})")
      if [ "${major:-0}" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best=$c; best_major=$major; fi
    done
  fi
  if [ -z "$best" ]; then
    die "no JDK 21 or newer found; looked at JAVA_HOME (${JAVA_HOME:-unset}), java on PATH, /usr/lib/jvm/*," \
      "/Library/Java/JavaVirtualMachines/*, ~/.sdkman/candidates/java/*; found: ${looked[*]:-nothing}." \
      "Install a JDK 21+ (e.g. Temurin) or point JAVA_HOME at one."
  fi
  JAVA=$best
  JAVA_MAJOR=$best_major
  # JDK 24+ prints a JMH 1.37 Unsafe deprecation warning in the host and every fork; the flag silences
  # it and forks inherit it. It is an error on JDK <= 22, so only from 23 on.
  JVM_FLAGS=()
  if [ "$JAVA_MAJOR" -ge 23 ]; then JVM_FLAGS+=(--sun-misc-unsafe-memory-access=allow); fi
}
JVM_FLAGS=()

# --- build ----------------------------------------------------------------------------------------
# Stale: a jar missing, or a source or pom of its modules newer than it. The report jar counts only
# once the reports module has sources (until then the report is skipped, and said so).
newer_than() { # jar dir...: prints the first file under the dirs newer than the jar
  local jar=$1
  shift
  find "$ROOT/pom.xml" "$@" \( -name target -prune \) -o \( -type f -newer "$jar" -print \) 2>/dev/null | head -n 1
}
needs_build() {
  [ -f "$JAR" ] || return 0
  [ -z "$(newer_than "$JAR" "$ROOT/workloads" "$ROOT/benchmarks")" ] || return 0
  if [ -d "$ROOT/reports/src/main" ]; then
    [ -f "$REPORT_JAR" ] || return 0
    [ -z "$(newer_than "$REPORT_JAR" "$ROOT/reports")" ] || return 0
  fi
  return 1
}

build() {
  if ! needs_build; then
    if [ -n "$LOG" ]; then say "the jars are up to date"; fi
    return 0
  fi
  say "building with ./mvnw (tests skipped; ./mvnw verify runs them) ..."
  # Maven itself needs Java 17+ (JAVA_HOME, else java on PATH); when neither has it, Maven runs on the
  # JDK found above. The toolchains plugin then finds the JDK 21+ that compiles, by itself.
  local jh=${JAVA_HOME:-} mvn_java major out
  if [ -n "$jh" ]; then mvn_java="$jh/bin/java"; else mvn_java=$(command -v java 2>/dev/null || true); fi
  major=""
  [ -n "$mvn_java" ] && [ -x "$mvn_java" ] && major=$(java_major "$mvn_java")
  if [ "${major:-0}" -lt 17 ]; then jh=$(cd "$(dirname "$JAVA")/.." && pwd); fi
  out=${LOG:-$(mktemp "${TMPDIR:-/tmp}/run-bench-build.XXXXXX")}
  if ! (cd "$ROOT" && JAVA_HOME=$jh ./mvnw -B -q -DskipTests package) >>"$out" 2>&1; then
    [ -n "$LOG" ] || tail -n 20 "$out" >&2
    die "the build failed (./mvnw -B -DskipTests package); its output is in $out"
  fi
  [ -n "$LOG" ] || rm -f "$out"
  [ -f "$JAR" ] || die "the build did not produce $JAR"
  say "built $JAR"
}

# Drops planned groups whose benchmark this jar does not have (e.g. a jar built from an older checkout).
check_benchmarks() {
  local listing i regex keep_n=() keep_a=() keep_c=() keep_e=() keep_d=()
  listing=$("$JAVA" "${JVM_FLAGS[@]}" -jar "$JAR" -l 2>/dev/null) || die "could not list the benchmarks in $JAR"
  for i in "${!G_NAME[@]}"; do
    regex=${G_ARGS[i]%% *}
    if printf '%s\n' "$listing" | grep -Eq "$regex"; then
      keep_n+=("${G_NAME[i]}"); keep_a+=("${G_ARGS[i]}"); keep_c+=("${G_CELLS[i]}")
      keep_e+=("${G_EST[i]}"); keep_d+=("${G_DESC[i]}")
    else
      warn "group ${G_NAME[i]} skipped: this build has no benchmark matching ${regex}"
    fi
  done
  G_NAME=(${keep_n[@]+"${keep_n[@]}"}); G_ARGS=(${keep_a[@]+"${keep_a[@]}"})
  G_CELLS=(${keep_c[@]+"${keep_c[@]}"}); G_EST=(${keep_e[@]+"${keep_e[@]}"}); G_DESC=(${keep_d[@]+"${keep_d[@]}"})
}

# Models this jar knows (a model added later appears here without a script change).
KNOWN_MODELS=""
check_models() {
  KNOWN_MODELS=$("$JAVA" "${JVM_FLAGS[@]}" -cp "$JAR" org.gilbench.bench.Names models | tr '\n' ' ') ||
    die "could not list the models in $JAR"
  local m kept=""
  for m in $MODELS; do
    case " $KNOWN_MODELS " in
      *" $m "*) kept="$kept $m" ;;
      *) warn "model $m is not in this build yet (it has: ${KNOWN_MODELS% }): its groups are skipped" ;;
    esac
  done
  MODELS=${kept# }
  [ -n "$MODELS" ] || die "none of the selected models is in this build"
}

# --- machine.json ---------------------------------------------------------------------------------
json_str() { local s=${1//\\/\\\\}; s=${s//\"/\\\"}; printf '"%s"' "$s"; }
num_or_null() { case "$1" in '' | *[!0-9.]*) printf 'null' ;; *) printf '%s' "$1" ;; esac; }

# steal % over one second, from /proc/stat (Linux); empty elsewhere.
steal_percent() {
  [ -r /proc/stat ] || return 0
  local a b
  a=$(head -n 1 /proc/stat); sleep 1; b=$(head -n 1 /proc/stat)
  printf '%s\n%s\n' "$a" "$b" | awk '{ t = 0; for (i = 2; i <= NF; i++) t += $i; tot[NR] = t; st[NR] = $9 }
    END { d = tot[2] - tot[1]; printf "%.1f", (d > 0 ? 100 * (st[2] - st[1]) / d : 0) }'
}

# The 1-minute load average, or nothing where the system does not say.
load_average() {
  if [ -r /proc/loadavg ]; then cut -d ' ' -f 1 /proc/loadavg
  else sysctl -n vm.loadavg 2>/dev/null | awk '{ print $2 }'; fi
}

write_machine_json() {
  local file=$1 host date cpu cores threads mem os kernel jdk gov turbo load steal props vendor
  local warnings=()
  host=$(hostname 2>/dev/null || uname -n)
  host=${host%%.*}
  date=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  threads=$CORES
  if [ -r /proc/cpuinfo ]; then
    cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
    cores=$(awk -F: '/^physical id/ { p = $2 } /^core id/ { seen[p ":" $2] = 1 } END { n = 0; for (k in seen) n++; print n }' /proc/cpuinfo)
    [ "${cores:-0}" -gt 0 ] || cores=$threads
    mem=$(awk '/^MemTotal:/ { printf "%.0f", $2 * 1024 }' /proc/meminfo)
    os=$(sed -n 's/^PRETTY_NAME="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' /etc/os-release 2>/dev/null | head -n 1)
    [ -n "$os" ] || os="Linux $(uname -s)"
  else
    cpu=$(sysctl -n machdep.cpu.brand_string 2>/dev/null || echo unknown)
    cores=$(sysctl -n hw.physicalcpu 2>/dev/null || echo "$threads")
    mem=$(sysctl -n hw.memsize 2>/dev/null || echo "")
    os="$(sw_vers -productName 2>/dev/null || uname -s) $(sw_vers -productVersion 2>/dev/null || true)"
  fi
  kernel=$(uname -r)
  props=$("$JAVA" -XshowSettings:properties -version 2>&1 || true)
  vendor=$(printf '%s\n' "$props" | sed -n 's/^ *java.vendor.version = //p' | head -n 1)
  [ -n "$vendor" ] || vendor=$(printf '%s\n' "$props" | sed -n 's/^ *java.vendor = //p' | head -n 1)
  jdk="$(printf '%s\n' "$props" | sed -n 's/^ *java.version = //p' | head -n 1) ${vendor%%-*}"
  gov=$(cat /sys/devices/system/cpu/cpu0/cpufreq/scaling_governor 2>/dev/null || echo unknown)
  if [ -r /sys/devices/system/cpu/intel_pstate/no_turbo ]; then
    if [ "$(cat /sys/devices/system/cpu/intel_pstate/no_turbo)" = 0 ]; then turbo=on; else turbo=off; fi
  elif [ -r /sys/devices/system/cpu/cpufreq/boost ]; then
    if [ "$(cat /sys/devices/system/cpu/cpufreq/boost)" = 1 ]; then turbo=on; else turbo=off; fi
  else
    turbo=unknown
  fi
  # Taken before the build (phase 1): our own compilation must not read as "other work".
  load=${LOAD_AT_START:-$(load_average)}
  steal=$(steal_percent)

  # Warn, never change settings: the results say under which conditions they were taken.
  if [ -n "$load" ] && awk -v l="$load" -v c="$threads" 'BEGIN { exit !(l > c / 4) }'; then
    warnings+=("load average $load on $threads CPUs: other work is running; expect noisy, slower results")
  fi
  if [ -n "$steal" ] && awk -v s="$steal" 'BEGIN { exit !(s > 1) }'; then
    warnings+=("CPU steal ${steal}%: a virtual machine sharing its host; expect noise")
  fi
  case "$gov" in performance | unknown) ;; *) warnings+=("CPU governor '$gov', not 'performance': clock speed varies with load") ;; esac
  [ "$turbo" = on ] && warnings+=("turbo boost is on: clock speed varies with temperature and load")
  if [ -n "$mem" ] && [ "$mem" -lt 4294967296 ]; then
    warnings+=("$((mem / 1048576)) MB of memory: range-sum needs ~2 GB of heap and sleep-io up to 4 GB")
  fi

  {
    printf '{\n'
    printf '  "host": %s,\n' "$(json_str "$host")"
    printf '  "date": %s,\n' "$(json_str "$date")"
    printf '  "cpuModel": %s,\n' "$(json_str "${cpu:-unknown}")"
    printf '  "cores": %s,\n' "$(num_or_null "$cores")"
    printf '  "threads": %s,\n' "$(num_or_null "$threads")"
    printf '  "memoryBytes": %s,\n' "$(num_or_null "$mem")"
    printf '  "os": %s,\n' "$(json_str "$os")"
    printf '  "kernel": %s,\n' "$(json_str "$kernel")"
    printf '  "jdk": %s,\n' "$(json_str "$jdk")"
    printf '  "governor": %s,\n' "$(json_str "$gov")"
    printf '  "turbo": %s,\n' "$(json_str "$turbo")"
    printf '  "loadAverage": %s,\n' "$(num_or_null "$load")"
    printf '  "stealPercent": %s,\n' "$(num_or_null "$steal")"
    printf '  "warnings": ['
    local i sep=""
    for i in ${warnings[@]+"${!warnings[@]}"}; do
      printf '%s\n    %s' "$sep" "$(json_str "${warnings[i]}")"; sep=","
    done
    [ -n "$sep" ] && printf '\n  '
    printf ']\n}\n'
  } >"$file"
  say "machine: $cpu, $cores cores / $threads threads, $((${mem:-0} / 1073741824)) GB, $os, JDK $jdk," \
    "governor $gov, turbo $turbo, load $load, steal ${steal:-?}%"
  for i in ${warnings[@]+"${!warnings[@]}"}; do warn "${warnings[i]}"; done
}

# ", load 6.5 (busy)" when the 1-minute load average says other work competes for the CPUs now:
# cells measured then read slower and their cpu.util lower (the report shows both). This run's own
# benchmarks load the machine up to about the core count, hence the threshold cores + 1.
load_note() {
  [ -r /proc/loadavg ] || return 0
  local load
  load=$(cut -d ' ' -f 1 /proc/loadavg)
  if awk -v l="$load" -v c="$CORES" 'BEGIN { exit !(l > c + 1) }'; then printf ', load %s (busy)' "$load"; fi
}

# --- running groups, interrupt safety -------------------------------------------------------------
JMH_PID=""
CURRENT_PART=""
CURRENT_LOG=""
LOCK_WAIT_S=600   # how long a group waits for another JMH run on this machine to finish
LOCK_WAITED=0     # seconds spent waiting for other JMH runs (left out of the ETA, reported at the end)

# shellcheck disable=SC2317  # stop_jmh and on_interrupt are reached through the INT/TERM trap.
# Stops the running JMH host, its forks and their child JVMs: they share one process group.
stop_jmh() {
  [ -n "$JMH_PID" ] || return 0
  kill -TERM -- "-$JMH_PID" 2>/dev/null || true
  local i
  for i in 1 2 3 4 5 6 7 8 9 10; do
    kill -0 -- "-$JMH_PID" 2>/dev/null || break
    sleep 0.3
  done
  kill -KILL -- "-$JMH_PID" 2>/dev/null || true
  wait "$JMH_PID" 2>/dev/null || true
  JMH_PID=""
}

# shellcheck disable=SC2317
on_interrupt() {
  trap '' INT TERM
  printf '\n' >&2
  stop_jmh
  if [ -n "$CURRENT_PART" ]; then
    rm -f "$CURRENT_PART"
    # Keep what the interrupted group printed, for the record.
    if [ -f "$CURRENT_LOG" ]; then cat "$CURRENT_LOG" >>"$LOG"; rm -f "$CURRENT_LOG"; fi
  fi
  if [ -n "${OUT_DIR:-}" ]; then
    warn "interrupted: the finished groups are kept in $OUT_DIR; complete the run with: ./$PROG --resume $OUT_DIR"
  else
    warn "interrupted"
  fi
  exit 130
}

# Runs one group's JMH; its output goes to run.log, the result table to the screen.
run_group() { # index
  local i=$1 name=${G_NAME[$1]} out part glog rc args=()
  out="$OUT_DIR/$name.json"
  part="$OUT_DIR/.$name.json.part"
  glog="$OUT_DIR/.$name.log"
  read -r -a args <<<"${G_ARGS[i]}"
  log_line "\$ java ${JVM_FLAGS[*]} -jar benchmarks.jar ${G_ARGS[i]} -f 1 -foe true -prof $PROFILER -rf json -rff $part"
  CURRENT_PART=$part
  CURRENT_LOG=$glog
  local waited=0
  while :; do
    # Its own process group (job control), so that an interrupt can stop JMH and every JVM under it.
    set -m
    "$JAVA" "${JVM_FLAGS[@]}" -jar "$JAR" "${args[@]}" -f 1 -foe true -prof "$PROFILER" \
      -rf json -rff "$part" >"$glog" 2>&1 </dev/null &
    JMH_PID=$!
    set +m
    rc=0
    wait "$JMH_PID" || rc=$?
    JMH_PID=""
    # JMH refuses to run while another JMH run holds /tmp/jmh.lock: wait for it rather than measure
    # two runs on top of each other (or fail the group).
    if [ "$rc" -ne 0 ] && grep -q 'Unable to acquire the JMH lock' "$glog" && [ "$waited" -lt "$LOCK_WAIT_S" ]; then
      [ "$waited" -eq 0 ] && say "      another JMH run holds /tmp/jmh.lock (another benchmark on this machine): waiting up to $LOCK_WAIT_S s"
      sleep 5
      waited=$((waited + 5))
      LOCK_WAITED=$((LOCK_WAITED + 5))
      continue
    fi
    break
  done
  cat "$glog" >>"$LOG"
  if [ "$rc" -eq 0 ] && [ -s "$part" ]; then
    mv "$part" "$out"
    CURRENT_PART=""
    # JMH's own summary rows: the score and the CPU metric of every cell.
    sed -n '/^Benchmark  /,$p' "$glog" | grep -E '^Benchmark  |Benchmark\.[A-Za-z]+ |:cpu\.util ' |
      sed 's/^/      /' || true
    rm -f "$glog"
    return 0
  fi
  rm -f "$part"
  CURRENT_PART=""
  local why
  why=$(grep -m 1 -E '(Exception|Error)(: |$)' "$glog" | sed 's/^[[:space:]]*//' || true)
  rm -f "$glog"
  warn "group $name failed (JMH exit $rc): ${why:-see run.log}"
  return 1
}

run_report() {
  if [ ! -f "$REPORT_JAR" ]; then
    say "report skipped: $REPORT_JAR is missing (./mvnw -DskipTests package builds it)"
    return 0
  fi
  # Its summary line and warnings (one line each) are worth seeing; everything also goes to run.log.
  local rc=0
  # pipefail: rc is the report generator's exit code when it fails.
  "$JAVA" -jar "$REPORT_JAR" report "$1" 2>&1 | tee -a "$LOG" | sed 's/^/      /' || rc=$?
  if [ "$rc" -ne 0 ]; then
    warn "the report generator failed on $1 (its message is above and in run.log)"
    return 1
  fi
  say "report: $1/report/report.md"
}

# --- main -----------------------------------------------------------------------------------------
if [ "$LIST" = 1 ]; then
  list_all
  exit 0
fi

if [ -n "$REPORT_ONLY" ] || [ "${#COMPARE[@]}" -gt 0 ]; then
  for d in ${REPORT_ONLY:+"$REPORT_ONLY"} ${COMPARE[@]+"${COMPARE[@]}"}; do
    [ -d "$d" ] || die "no such results folder: $d"
    ls "$d"/*.json >/dev/null 2>&1 || die "$d holds no JMH results (*.json)"
  done
  find_jdk
  build
  [ -f "$REPORT_JAR" ] || die "$REPORT_JAR is missing and the build did not make it (./mvnw -DskipTests package)"
  if [ -n "$REPORT_ONLY" ]; then
    exec "$JAVA" -jar "$REPORT_JAR" report "$REPORT_ONLY"
  fi
  [ -n "$OUT" ] || OUT="$ROOT/results/compare-$(date +%Y%m%d-%H%M%S)"
  exec "$JAVA" -jar "$REPORT_JAR" compare --out "$OUT" "${COMPARE[@]}"
fi

if [ -n "$RESUME" ]; then
  [ -d "$RESUME" ] || die "no such results folder: $RESUME"
  [ -f "$RESUME/.run-bench.args" ] || die "$RESUME was not written by $PROG (no .run-bench.args): cannot resume it"
  # The original selection, so the resumed run plans the same groups.
  saved=()
  while IFS= read -r line; do saved+=("$line"); done <"$RESUME/.run-bench.args"
  set -- ${saved[@]+"${saved[@]}"}
  while [ $# -gt 0 ]; do
    case "$1" in
      --full) PROFILE=full ;;
      --quick) PROFILE=quick ;;
      --workloads) WORKLOADS=$(check_names workload "$2" "$ALL_WORKLOADS") || exit 2; shift ;;
      --models) MODELS=$(check_names model "$2" "$ALL_MODELS") || exit 2; shift ;;
      --workers) WORKERS=$(check_workers "$2") || exit 2; shift ;;
    esac
    shift
  done
fi

set_profile
build_plan

if [ "$DRY_RUN" = 1 ]; then
  print_plan
  exit 0
fi

trap on_interrupt INT TERM

if [ -n "$RESUME" ]; then
  OUT_DIR=$(cd "$RESUME" && pwd)
else
  host=$(hostname 2>/dev/null || uname -n)
  OUT_DIR=${OUT:-"$ROOT/results/${host%%.*}-$(date +%Y%m%d-%H%M%S)"}
  if [ -e "$OUT_DIR" ] && [ -n "$(ls -A "$OUT_DIR" 2>/dev/null)" ]; then
    printf '%s: %s\n' "$PROG" "$OUT_DIR exists and is not empty (use --resume $OUT_DIR to complete it)" >&2
    exit 2
  fi
  mkdir -p "$OUT_DIR"
  OUT_DIR=$(cd "$OUT_DIR" && pwd)
  # Remember the selection for --resume (profile and lists only; not --out or --dry-run).
  for a in ${ORIG_ARGS[@]+"${ORIG_ARGS[@]}"}; do printf '%s\n' "$a"; done >"$OUT_DIR/.run-bench.args"
fi
LOG="$OUT_DIR/run.log"
log_line "== $PROG ${ORIG_ARGS[*]:-} — $(date -u +%Y-%m-%dT%H:%M:%SZ)"

step "preflight"
LOAD_AT_START=$(load_average)
find_jdk
say "JDK: $JAVA (Java $JAVA_MAJOR)"
say "results: $OUT_DIR"

step "build"
build
check_models
build_plan
check_benchmarks

step "machine"
if [ -f "$OUT_DIR/machine.json" ]; then
  say "machine.json kept from the first run (resuming)"
else
  write_machine_json "$OUT_DIR/machine.json"
fi

step "benchmarks"
print_plan
total_ms=$(plan_total_ms)
done_est=0
bench_t0=$SECONDS
failed=()
ran=0
for i in "${!G_NAME[@]}"; do
  if [ -f "$OUT_DIR/${G_NAME[i]}.json" ]; then
    say "  ($((i + 1))/${#G_NAME[@]}) ${G_NAME[i]}: already done, kept"
    total_ms=$((total_ms - G_EST[i]))
    continue
  fi
  elapsed=$((SECONDS - bench_t0 - LOCK_WAITED))
  remaining=$((total_ms - done_est))
  # ETA: the remaining estimate, scaled by how fast this machine has been against the estimate.
  if [ "$done_est" -gt 0 ]; then eta=$((remaining * elapsed / done_est)); else eta=$((remaining / 1000)); fi
  say "  ($((i + 1))/${#G_NAME[@]}) ${G_NAME[i]}: ${G_DESC[i]} — elapsed $(clock $((SECONDS - T0))), ETA $(clock "$eta")$(load_note)"
  if run_group "$i"; then ran=$((ran + 1)); else failed+=("${G_NAME[i]}"); fi
  done_est=$((done_est + G_EST[i]))
done
for i in ${SKIPPED[@]+"${!SKIPPED[@]}"}; do say "  not run (time budget): ${SKIPPED[i]}"; done

step "report"
report_ok=0
run_report "$OUT_DIR" || report_ok=1

say ""
say "done in $(clock $((SECONDS - T0))): $ran groups run, ${#failed[@]} failed; results in $OUT_DIR"
if [ "$LOCK_WAITED" -gt 0 ]; then
  say "(of which $(clock "$LOCK_WAITED") waiting for other JMH runs on this machine to release /tmp/jmh.lock)"
fi
if [ "${#failed[@]}" -gt 0 ]; then
  warn "failed groups: ${failed[*]} (see run.log; ./$PROG --resume $OUT_DIR re-runs them)"
  exit 1
fi
exit "$report_ok"
