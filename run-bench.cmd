@echo off
rem run-bench.cmd - gilbench on Windows: build when the jar is missing, then hand over to the runner.
rem Usage:    run-bench.cmd [options]     (run-bench.cmd --help lists them; the same options as run-bench.sh)
rem Requires: a JDK 21+ (found by the launcher: JAVA_HOME, java on PATH, Program Files\Java, Eclipse Adoptium,
rem           Microsoft), network access for the first build (mvnw.cmd fetches Maven and the dependencies).
rem Exit:     the runner's: 0 done, 1 a failure, 2 bad usage, 130 interrupted.
rem Not tested on Windows in CI (Linux only); the launcher's JDK discovery and the /proc fallbacks are
rem covered by tests that run on Linux.
setlocal
set "ROOT=%~dp0"
set "JAR=%ROOT%runner\target\gilbench.jar"
if not exist "%JAR%" (
  echo building with mvnw.cmd ^(tests skipped; mvnw.cmd verify runs them^) ...
  call "%ROOT%mvnw.cmd" -B -q -DskipTests package
  if errorlevel 1 (
    echo run-bench.cmd: the build failed ^(mvnw.cmd -B -DskipTests package^) 1>&2
    exit /b 1
  )
)
java -jar "%JAR%" %*
exit /b %errorlevel%
