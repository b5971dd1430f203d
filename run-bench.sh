#!/usr/bin/env bash
# run-bench.sh — gilbench's single entry point: find a JDK, build when stale, then hand over to the runner.
#
# Everything after the JVM exists — options, the plan, rounds, the noise watch, re-measuring, progress,
# machine.json, resume and interrupts, the report — is org.gilbench.run.RunBench, in runner/target/gilbench.jar
# (runner/src/main/java/org/gilbench/run/; `java -jar runner/target/gilbench.jar` starts it without bash). It writes:
#   results/<host>-<yyyymmdd-HHMMSS>/   jmh/round-<r>/*.json (untouched JMH JSON), cells.json, machine.json,
#                                       run.log, report/ (written by reports/target/gilbench-report.jar)
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
# Exit:     0 done; 1 a failure (no JDK, build, a benchmark cell, the report); 2 bad usage;
#           130 interrupted (finished rounds are kept: --resume DIR completes the run).
# Tests:    GILBENCH_CLASSPATH=<class path> runs the runner from it, without building (the unit tests use
#           their own class path: the jar does not exist yet when they run).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")" && pwd)"
PROG="run-bench.sh"
JAR="$ROOT/runner/target/gilbench.jar"
REPORT_JAR="$ROOT/reports/target/gilbench-report.jar"

say() { printf '%s\n' "$*"; }
die() { printf '%s: %s\n' "$PROG" "$*" >&2; exit 1; }

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
  [ -z "$(newer_than "$JAR" "$ROOT/workloads" "$ROOT/contract" "$ROOT/benchmarks" "$ROOT/runner")" ] || return 0
  if [ -d "$ROOT/reports/src/main" ]; then
    [ -f "$REPORT_JAR" ] || return 0
    [ -z "$(newer_than "$REPORT_JAR" "$ROOT/reports")" ] || return 0
  fi
  return 1
}

build() {
  if ! needs_build; then
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
  out=$(mktemp "${TMPDIR:-/tmp}/run-bench-build.XXXXXX")
  if ! (cd "$ROOT" && JAVA_HOME=$jh ./mvnw -B -q -DskipTests package) >>"$out" 2>&1; then
    tail -n 20 "$out" >&2
    die "the build failed (./mvnw -B -DskipTests package); its output is in $out"
  fi
  rm -f "$out"
  [ -f "$JAR" ] || die "the build did not produce $JAR"
  say "built $JAR"
}


# --- hand over to the runner ----------------------------------------------------------------------
# The 1-minute load average before the build: our own compilation must not read as "other work".
LOAD_AT_START=""
if [ -r /proc/loadavg ]; then LOAD_AT_START=$(cut -d ' ' -f 1 /proc/loadavg); fi

# --help and --list answer at once, even on a fresh clone: when the jar is missing or stale, print the
# repository's copies of what the runner prints (runner/cli/*.txt; RunBenchCliTest holds them equal).
if [ $# -eq 1 ] && [ -z "${GILBENCH_CLASSPATH:-}" ]; then
  case "$1" in
    -h|--help|--list)
      copy="$ROOT/runner/cli/${1#--}.txt"
      [ "$1" = "-h" ] && copy="$ROOT/runner/cli/help.txt"
      if needs_build && [ -f "$copy" ]; then
        cat "$copy"
        exit 0
      fi
      ;;
  esac
fi

find_jdk
BUILD_S=0
if [ -n "${GILBENCH_CLASSPATH:-}" ]; then
  CP=$GILBENCH_CLASSPATH
else
  t0=$SECONDS
  build
  BUILD_S=$((SECONDS - t0))
  CP=$JAR
fi
exec "$JAVA" ${JVM_FLAGS[@]+"${JVM_FLAGS[@]}"} -Dgilbench.root="$ROOT" -Dgilbench.buildSeconds="$BUILD_S" \
  -Dgilbench.loadAtStart="$LOAD_AT_START" -cp "$CP" org.gilbench.run.RunBench "$@"
