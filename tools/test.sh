#!/usr/bin/env bash
# Runs the whole GovData test suite: restore, build, every test project (the end-to-end tests start
# their own Azurite + cosmosdb-server on free ports), then reads the TRX result files and prints
# one closing line: `N passed, N failed, N skipped`.
# Exit status: 0 only when the build succeeded, at least one test ran and no test failed.
#
# Usage: tools/test.sh [extra dotnet test arguments, e.g. --filter "FullyQualifiedName~Calendar"]
# Works from a fresh clone, twice in a row, and beside another copy (a run or a test in another
# clone, or tools/run.sh in this one): results go to a directory of their own, emulators pick free ports.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false

summary() { echo "$1 passed, $2 failed, $3 skipped"; }

missing=""
command -v dotnet >/dev/null 2>&1 || missing="$missing the .NET 10 SDK (dotnet, https://dotnet.microsoft.com/download),"
command -v node >/dev/null 2>&1 || missing="$missing Node.js 20+ (node, https://nodejs.org),"
command -v npm >/dev/null 2>&1 || missing="$missing npm (comes with Node.js),"
if [ -n "$missing" ]; then
  echo "tools/test.sh needs${missing%,} on the PATH." >&2
  summary 0 0 0
  exit 1
fi

started=$(date +%s)

# The emulators' npm packages: install when missing, or when package-lock.json changed since the last install.
emu="$root/tools/emulators"
if [ ! -f "$emu/node_modules/.package-lock.json" ] || [ "$emu/package-lock.json" -nt "$emu/node_modules/.package-lock.json" ]; then
  echo "==> npm ci (tools/emulators)"
  if ! (cd "$emu" && npm ci --no-audit --no-fund --loglevel=error); then
    echo "npm ci in tools/emulators failed; the end-to-end tests need Azurite and cosmosdb-server." >&2
    summary 0 0 0
    exit 1
  fi
fi

# The portal's browser tests (tests/GovData.Portal.Tests) drive Debian's chromium through Playwright; Playwright's own
# browser download cannot be reached from here. Find it, or install it where this runs as root with apt (CI does).
have_chromium() { [ -n "${GOVDATA_CHROMIUM:-}" ] || command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || command -v google-chrome >/dev/null 2>&1; }
if ! have_chromium; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "==> apt-get install chromium (for the portal's browser tests)"
    fonts=""; [ -n "${GOVDATA_SCREENSHOTS:-}" ] && fonts="fonts-noto-cjk"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium $fonts) >/dev/null 2>&1 \
      || echo "tools/test.sh: installing chromium failed; the portal's browser tests will fail." >&2
  else
    echo "tools/test.sh: no chromium on the PATH; the portal's browser tests will fail. Install it (apt-get install chromium) or set GOVDATA_CHROMIUM." >&2
  fi
fi

mkdir -p "$root/TestResults"
results="$(mktemp -d "$root/TestResults/run-$(date +%Y%m%d-%H%M%S)-XXXXXX")"

# Build once (restore included), serialized with any other build of this clone by a lock,
# then run the tests from that build.
echo "==> dotnet build GovData.Functions.sln"
build() { dotnet build GovData.Functions.sln -c Debug -nologo -v quiet -clp:ErrorsOnly; }
if command -v flock >/dev/null 2>&1; then
  mkdir -p "$root/.emulators"
  exec 9>"$root/.emulators/build.lock"
  flock 9
  build; build_rc=$?
  flock -u 9
  exec 9>&-
else
  build; build_rc=$?
fi
if [ "$build_rc" -ne 0 ]; then
  echo "The build failed (dotnet build exited with $build_rc); no test ran." >&2
  summary 0 0 0
  exit 1
fi

echo "==> dotnet test (results in ${results#"$root/"})"
export DOTNET_CLI_UI_LANGUAGE=en
dotnet test GovData.Functions.sln -c Debug --no-build -nologo \
  --logger trx --results-directory "$results" \
  --blame-hang-timeout 20m --blame-hang-dump-type none \
  "$@" 2>&1 | tee "$results/console.log"
test_rc=${PIPESTATUS[0]}

# Sum the Counters of every TRX file; list failed tests; print the closing line last.
node - "$results" "$test_rc" "$(( $(date +%s) - started ))" <<'EOF'
const fs = require("node:fs");
const path = require("node:path");
const [dir, rcText, seconds] = process.argv.slice(2);
const rc = Number(rcText);
const files = [];
(function walk(d) {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith(".trx")) files.push(p);
  }
})(dir);
const sum = { total: 0, executed: 0, passed: 0, failed: 0, error: 0, timeout: 0, aborted: 0, notExecuted: 0, notRunnable: 0, inconclusive: 0 };
const failedTests = [];
let runOutcomes = [];
let skippedTests = 0;
// One "Test run for <assembly>" line per test assembly; each must have left a TRX file.
let assemblies = 0;
try { assemblies = (fs.readFileSync(path.join(dir, "console.log"), "utf8").match(/^Test run for /gm) ?? []).length; } catch { }
for (const f of files) {
  const xml = fs.readFileSync(f, "utf8");
  const counters = /<Counters\b([^>]*)\/?>/.exec(xml);
  if (counters) for (const [, k, v] of counters[1].matchAll(/(\w+)="(\d+)"/g)) if (k in sum) sum[k] += Number(v);
  const outcome = /<ResultSummary\b[^>]*\boutcome="([^"]+)"/.exec(xml);
  if (outcome) runOutcomes.push(`${path.basename(f)}: ${outcome[1]}`);
  for (const m of xml.matchAll(/<UnitTestResult\b([^>]*)>/g)) {
    const attrs = m[1];
    if (/\boutcome="(NotExecuted|NotRunnable|Inconclusive)"/.test(attrs)) skippedTests++;
    if (/\boutcome="(Failed|Error|Timeout|Aborted)"/.test(attrs)) failedTests.push(/\btestName="([^"]*)"/.exec(attrs)?.[1] ?? "(unnamed)");
  }
}
const decode = (s) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
const failed = sum.failed + sum.error + sum.timeout + sum.aborted;
// xunit's skipped tests are NotExecuted results that the Counters do not count as notExecuted.
const skipped = Math.max(skippedTests, sum.notExecuted + sum.notRunnable + sum.inconclusive);
const passed = sum.passed;
let ok = true;
console.log("");
if (files.length === 0) { console.log("No TRX result file was written: no test ran."); ok = false; }
else console.log(`Test results: ${files.length} TRX file(s) in ${dir}`);
// A test host that crashed or hung writes no failed result: the closing line still counts it as a failure (one per
// assembly without results, else one), so "0 failed" never stands beside a non-zero exit status.
let unrecorded = 0;
if (files.length < assemblies) {
  console.log(`${assemblies} test assemblies ran but only ${files.length} TRX file(s) were written; some results are missing.`);
  unrecorded = assemblies - files.length;
  ok = false;
}
if (failedTests.length) {
  console.log("Failed tests:");
  for (const t of failedTests) console.log("  " + decode(t));
}
if (failed > 0) ok = false;
if (sum.executed === 0 && passed === 0) { console.log("No test was executed."); ok = false; }
if (rc !== 0 && failed === 0) {
  console.log(`dotnet test exited with ${rc} although no test is recorded as failed (a test host crashed or hung?): ${runOutcomes.join("; ")}`);
  if (unrecorded === 0) unrecorded = 1;
  ok = false;
}
console.log(`Took ${seconds} s.`);
console.log(`${passed} passed, ${failed + (failed === 0 ? unrecorded : 0)} failed, ${skipped} skipped`);
process.exit(ok ? 0 : 1);
EOF
exit $?
