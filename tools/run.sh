#!/usr/bin/env bash
# Runs the whole GovData system locally: installs the pinned emulators when needed, starts Azurite
# and cosmosdb-server on free ports, builds the Functions app and the local Functions host, publishes
# the portal, and serves the portal at http://localhost:7071/ and the app's functions under /api (Development: dev tokens, storage provisioning, the
# Longyan 350800 demo seed; the local host drives the queue, blob and timer triggers). Ctrl-C stops
# everything it started.
#
# Usage: tools/run.sh [--port N]       (or GOVDATA_PORT=N tools/run.sh)
# When the port is taken (another copy is running) it picks a free one and says so.
# Azurite keeps its data in .emulators/run-<port>/ between runs; cosmosdb-server keeps its data in
# memory only, so Cosmos state starts empty each run (the app provisions and re-seeds it at start).
# If the emulators die while the API runs, it says so and stops (exit status 1) rather than serve 503s.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false

say() { echo "run: $*" >&2; }
die() { echo "run: $*" >&2; exit 1; }

port="${GOVDATA_PORT:-7071}"
while [ $# -gt 0 ]; do
  case "$1" in
    --port) [ $# -ge 2 ] || die "--port needs a number"; port="$2"; shift 2 ;;
    --port=*) port="${1#--port=}"; shift ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1 (usage: tools/run.sh [--port N])" ;;
  esac
done
case "$port" in ''|*[!0-9]*) die "the port must be a number, not '$port'" ;; esac

# Prerequisites, with a clear message when one is missing.
command -v dotnet >/dev/null 2>&1 || die "the .NET 10 SDK is not installed (no 'dotnet' on the PATH): https://dotnet.microsoft.com/download/dotnet/10.0"
dotnet --list-sdks 2>/dev/null | grep -qE '^(1[0-9]|[2-9][0-9])\.' \
  || die "the .NET 10 SDK is needed; found only: $(dotnet --list-sdks 2>/dev/null | cut -d' ' -f1 | tr '\n' ' ')"
command -v node >/dev/null 2>&1 || die "Node.js 20+ is not installed (no 'node' on the PATH): https://nodejs.org"
command -v npm >/dev/null 2>&1 || die "npm is not on the PATH (it comes with Node.js)"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 20 ] 2>/dev/null || die "Node.js 20 or newer is needed; found $(node --version)"

started=$(date +%s)
mkdir -p "$root/.emulators"

# Everything that touches shared files of this clone (npm ci, the build output, picking the port) runs
# under a lock, so a second copy started at the same moment waits instead of colliding.
lock() { if command -v flock >/dev/null 2>&1; then exec 9>"$root/.emulators/build.lock"; flock 9; fi; }
unlock() { if command -v flock >/dev/null 2>&1; then flock -u 9 2>/dev/null; exec 9>&-; fi; }

app_pid="" emu_pid="" fifo=""
cleanup() {
  trap - EXIT INT TERM
  if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
    say "stopping the API (pid $app_pid)"
    kill -TERM "$app_pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$app_pid" 2>/dev/null
  fi
  exec 7>&-   # closing the emulators' stdin also stops them
  if [ -n "$emu_pid" ] && kill -0 "$emu_pid" 2>/dev/null; then
    say "stopping the emulators (pid $emu_pid)"
    kill -TERM "$emu_pid" 2>/dev/null
    for _ in $(seq 1 25); do kill -0 "$emu_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$emu_pid" 2>/dev/null
  fi
  [ -n "$fifo" ] && rm -f "$fifo"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

lock

# 1. The emulators' npm packages (pinned by tools/emulators/package-lock.json).
emu="$root/tools/emulators"
if [ ! -f "$emu/node_modules/.package-lock.json" ] || [ "$emu/package-lock.json" -nt "$emu/node_modules/.package-lock.json" ]; then
  say "installing the emulators (npm ci in tools/emulators)"
  (cd "$emu" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci in tools/emulators failed"
fi

# 2. The API port: 7071 unless taken.
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
port_is_free() {
  node -e '
    const net = require("net"); const port = Number(process.argv[1]);
    const tryHost = (host) => new Promise((ok) => { const s = net.createServer(); s.once("error", (e) => ok(e.code === "EADDRNOTAVAIL" || e.code === "EAFNOSUPPORT")); s.listen(port, host, () => s.close(() => ok(true))); });
    Promise.all([tryHost("127.0.0.1"), tryHost("::1")]).then((r) => process.exit(r.every(Boolean) ? 0 : 1));' "$1"
}
if ! port_is_free "$port"; then
  wanted="$port"
  # The next free port of the ten after it (so URLs and data folders stay predictable), else any free port.
  port=""
  for candidate in $(seq $((wanted + 1)) $((wanted + 10))); do
    if port_is_free "$candidate"; then port="$candidate"; break; fi
  done
  [ -n "$port" ] || port="$(free_port)"
  say "port $wanted is in use (another copy running?); using port $port instead"
fi
url="http://localhost:$port"

# 3. The emulators, on free ports, with Azurite's data under .emulators/run-<port>/. Their stdin is a pipe
#    held open by this script, so they stop even if this script is killed without a chance to clean up.
data="$root/.emulators/run-$port"
mkdir -p "$data"
endpoints="$data/endpoints.json"
rm -f "$endpoints"
fifo="$data/.stdin.$$"
rm -f "$fifo"; mkfifo "$fifo"
node "$emu/start.mjs" --data "$data" --exit-on-stdin-close <"$fifo" >"$endpoints" &
emu_pid=$!
exec 7>"$fifo"
rm -f "$fifo"; fifo=""
say "starting the emulators (data in ${data#"$root/"})"

# 4. Build the app into artifacts/run/ (apart from bin/ and obj/, so tools/test.sh can build at the same time).
say "building functions/GovData.Functions and its local host"
dotnet build functions/GovData.LocalHost/GovData.LocalHost.csproj -c Debug --artifacts-path "$root/artifacts/run" \
  -nologo -v quiet -clp:ErrorsOnly >&2 || die "the build failed"
dll="$root/artifacts/run/bin/GovData.LocalHost/debug/GovData.LocalHost.dll"
[ -f "$dll" ] || die "the build did not produce $dll"

# 4b. The portal (Blazor WebAssembly): published as static files, which the local host serves at / (docs/portal.md).
#     Skipped when nothing under portal/ or the domain changed since the last publish.
portal_out="$root/artifacts/run/portal"
portal_stamp="$portal_out/.published"
if [ ! -f "$portal_stamp" ] || [ -n "$(find "$root/portal/GovData.Portal" "$root/functions/GovData.Domain" -newer "$portal_stamp" \
     -type f -not -path '*/bin/*' -not -path '*/obj/*' -print -quit)" ]; then
  say "publishing the portal (portal/GovData.Portal, Release; the first time takes a minute or two)"
  dotnet publish portal/GovData.Portal/GovData.Portal.csproj -c Release -o "$portal_out" --artifacts-path "$root/artifacts/run" \
    -nologo -v quiet -clp:ErrorsOnly >&2 || die "publishing the portal failed"
  touch "$portal_stamp"
fi
export LocalHost__PortalRoot="$portal_out/wwwroot"

for _ in $(seq 1 900); do
  [ -s "$endpoints" ] && break
  kill -0 "$emu_pid" 2>/dev/null || die "the emulators exited before they were ready (see the messages above)"
  sleep 0.1
done
[ -s "$endpoints" ] || die "the emulators did not start within 90 s"
read -r emu_json <"$endpoints"
field() { node -e 'console.log(JSON.parse(process.argv[1])[process.argv[2]])' "$emu_json" "$1"; }
blob="$(field blob)" queue="$(field queue)" table="$(field table)" cosmos="$(field cosmos)"

# 5. The API, configured for the emulators, from the project folder (its content root, like `dotnet run`).
export ASPNETCORE_ENVIRONMENT=Development DOTNET_ENVIRONMENT=Development
export Storage__BlobServiceUri="$blob" Storage__QueueServiceUri="$queue" Storage__TableServiceUri="$table"
export Storage__AccountName=devstoreaccount1
export Storage__AccountKey='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
export Cosmos__AccountEndpoint="$cosmos"
export Cosmos__AccountKey='C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw=='
say "starting the API on $url"
host_started=$(date +%s%N)
(cd "$root" && exec dotnet "$dll" --urls "$url") &
app_pid=$!

# 6. Wait until /api/health answers 200.
healthy=""
for _ in $(seq 1 240); do
  kill -0 "$app_pid" 2>/dev/null || die "the API exited during start-up (see its messages above)"
  if node -e 'fetch(process.argv[1],{signal:AbortSignal.timeout(2000)}).then(r=>process.exit(r.status===200?0:1),()=>process.exit(1))' "$url/api/health"; then
    healthy=1; break
  fi
  sleep 0.5
done
[ -n "$healthy" ] || die "the API did not become healthy within 120 s: $url/api/health"
# The local host's cold start (process start to the first 200), to within the 0.5 s poll; docs/benchmarks.md.
say "cold start: the first 200 from /api/health $(( ($(date +%s%N) - host_started) / 1000000 )) ms after the host started"
unlock

cat >&2 <<EOF

  GovData is ready on $url   (took $(( $(date +%s) - started )) s)
    Portal          $url/   (sign in: $url/signin)
    API reference   $url/api/docs
    OpenAPI         $url/api/openapi/v1.json
    Health          $url/api/health
    Emulators       blob $blob, cosmos $cosmos

  Get a dev token (公安局 of 龙岩市 350800, as a DataSteward) and call the API:
    TOKEN=\$(curl -s -X POST $url/api/dev/token -H 'Content-Type: application/json' \\
      -d '{"userId":"alice","department":"11350800MB0001003K","jurisdiction":"350800","roles":["DataSteward"]}' | node -p 'JSON.parse(require("fs").readFileSync(0)).accessToken')
    curl -s $url/api/jurisdictions/350800 -H "Authorization: Bearer \$TOKEN"

  Press Ctrl-C to stop.

EOF

# 7. Keep watch: if the emulators die (a crash, an OOM kill), the API would answer 503 forever; say so and stop instead.
while kill -0 "$app_pid" 2>/dev/null; do
  if ! kill -0 "$emu_pid" 2>/dev/null; then
    wait "$emu_pid" 2>/dev/null; emu_rc=$?
    emu_pid=""
    say "the emulators stopped (exit status $emu_rc; Azurite data in ${data#"$root/"}, see the messages above)."
    say "the API cannot reach its stores without them, so it is being stopped too: start tools/run.sh again."
    exit 1
  fi
  sleep 1
done
wait "$app_pid"
rc=$?
app_pid=""
exit "$rc"
