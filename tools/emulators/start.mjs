// Starts the local emulators GovData needs and keeps them running until stopped:
// Azurite (Blob, Queue, Table) as a child process, and @vercel/cosmosdb-server in this process.
// cosmosdb-server is started from code rather than its CLI because the CLI answers every
// response with `connection: close`, which makes each SDK call pay a new TLS handshake
// (~15x slower, see docs/architecture.md).
//
// Usage: node start.mjs [--data DIR] [--ports-file FILE] [--blob-port N] [--queue-port N]
//                       [--table-port N] [--cosmos-port N] [--exit-on-stdin-close]
// Ports default to free ones. When ready it prints one JSON line with the endpoints and,
// with --ports-file, writes the same JSON there.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { mkdirSync, writeFileSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
// cosmosdb-server 1.0.1 answers a point read of a missing document with 500 (its read handler
// reads a property of `undefined`); Cosmos DB answers 404. Wrap the handler so the emulator
// behaves like the service. This must run before the package itself is loaded, because its
// route table takes the handler when it is built.
const readDocument = require("@vercel/cosmosdb-server/lib/handler/read-document");
const originalRead = readDocument.default;
readDocument.default = (account, req, res, params) => {
  try {
    return originalRead(account, req, res, params);
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    res.statusCode = 404;
    return { code: "NotFound", message: "Entity with the specified id does not exist in the system.," };
  }
};
// A document id with a malformed percent escape (e.g. "%A" or "%E0%A4", not UTF-8) makes the router's decodeURIComponent
// throw outside any handler, which ends the whole emulator process. Take such a path literally instead.
const pathMatch = require("@vercel/cosmosdb-server/lib/path-match");
const originalPathMatch = pathMatch.default;
pathMatch.default = (path, opts) => {
  const match = originalPathMatch(path, opts);
  return (pathname) => {
    try {
      return match(pathname);
    } catch (err) {
      if (!(err instanceof URIError)) throw err;
      return match(pathname.replace(/%/g, "%25"));
    }
  };
};
// cosmosdb-server numbers databases (and collections, documents) with a counter and encodes the resource id in base64:
// the 62nd database is "gAA+AA==", the 63rd "gAA/AA==" (and so on every 64). A "/" in a resource id splits the URL the
// SDK builds from it (e.g. /dbs/gAA/AA==/colls/.../pkranges), so every QUERY against such a database answered 404
// "failed due to stale cache" while point reads (by name) worked: the test whose app happened to get that database
// failed with 500s. Cosmos DB never hands out such ids in paths; skip the counter values whose id would contain / or +.
for (const kind of ["databases", "collections", "documents"]) {
  const cls = require(`@vercel/cosmosdb-server/lib/account/${kind}`).default;
  const originalRid = cls.prototype._rid;
  cls.prototype._rid = function ridWithoutSlash(id) {
    let rid = originalRid.call(this, id);
    while (/[/+]/.test(rid)) {
      this._ridCount += 1;
      rid = originalRid.call(this, this._ridCount);
    }
    return rid;
  };
}
const { createHttpsServer } = require("@vercel/cosmosdb-server");

// One request that trips a bug in an emulator must not take down every later test with it: log it and keep serving.
// (Node's default ends the process, and every Cosmos call after that is "connection refused".)
process.on("uncaughtException", (err) => console.error(`emulators: uncaught exception: ${err?.stack ?? err}`));
process.on("unhandledRejection", (err) => console.error(`emulators: unhandled rejection: ${err?.stack ?? err}`));

const args = parseArgs(process.argv.slice(2));
const dataDir = resolve(args.data ?? join(here, "..", "..", ".emulators", "data"));
mkdirSync(dataDir, { recursive: true });

const ports = {
  blob: await portOrFree(args["blob-port"]),
  queue: await portOrFree(args["queue-port"]),
  table: await portOrFree(args["table-port"]),
  cosmos: await portOrFree(args["cosmos-port"]),
};

const cosmos = createHttpsServer({ keepAlive: true });
cosmos.keepAliveTimeout = 60_000;
// cosmosdb-server 1.0.1 routes by decodeURIComponent of the path and throws on a stray '%' (an id like "%E0%A4%A"),
// outside any handler, so the request would never be answered (and Node would end the process). Cosmos DB answers
// such a request with an error status; so does this wrapper.
const [routeRequest] = cosmos.listeners("request");
cosmos.removeAllListeners("request");
cosmos.on("request", (req, res) => {
  try {
    routeRequest(req, res);
  } catch (err) {
    console.error(`emulators: cosmos request ${req.method} ${req.url} failed: ${err?.message ?? err}`);
    if (!res.headersSent) {
      res.statusCode = 400;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ code: "BadRequest", message: String(err?.message ?? err) }));
    }
  }
});
await new Promise((ok, fail) => {
  cosmos.once("error", fail);
  cosmos.listen(ports.cosmos, "127.0.0.1", ok);
});

const azuriteBin = join(here, "node_modules", "azurite", "dist", "src", "azurite.js");
const azurite = spawn(process.execPath, [
  // Azurite without the costs that grow with everything it holds (see the file); AZURITE_AS_PUBLISHED=1 runs it as published.
  ...(process.env.AZURITE_AS_PUBLISHED ? [] : ["--require", join(here, "azurite-at-scale.cjs")]),
  azuriteBin,
  "--silent",
  "--disableTelemetry",
  "--skipApiVersionCheck",
  "--loose",
  // In memory (below) Azurite takes no data folder.
  ...(process.env.AZURITE_IN_MEMORY ? [] : ["--location", dataDir]),
  "--blobHost", "127.0.0.1", "--blobPort", String(ports.blob),
  "--queueHost", "127.0.0.1", "--queuePort", String(ports.queue),
  "--tableHost", "127.0.0.1", "--tablePort", String(ports.table),
  // Azurite's debug log names every request: how docs/benchmarks.md counts the storage calls a workflow makes.
  ...(process.env.AZURITE_DEBUG_LOG ? ["--debug", process.env.AZURITE_DEBUG_LOG] : []),
  // Azurite saves each table database to disk as one JSON string; with ~450,000 rows in a table (the audit benchmark's
  // 1,000,000-record day) V8 fails in JSON.stringify and the process dies. Benchmarks that fill a table keep it in memory.
  ...(process.env.AZURITE_IN_MEMORY ? ["--inMemoryPersistence"] : []),
], { stdio: ["ignore", "ignore", "inherit"] });

let stopping = false;
azurite.on("exit", (code, signal) => {
  if (!stopping) {
    console.error(`emulators: azurite exited unexpectedly (code ${code}${signal ? `, signal ${signal}` : ""})`);
    stop(1);
  }
});

await Promise.all([waitForPort(ports.blob), waitForPort(ports.queue), waitForPort(ports.table)]);

const endpoints = {
  blob: `http://127.0.0.1:${ports.blob}/devstoreaccount1`,
  queue: `http://127.0.0.1:${ports.queue}/devstoreaccount1`,
  table: `http://127.0.0.1:${ports.table}/devstoreaccount1`,
  cosmos: `https://127.0.0.1:${ports.cosmos}/`,
  // cosmosdb-server runs in this process, Azurite in its child: a test pauses one or the other by pid.
  pid: process.pid,
  azuritePid: azurite.pid,
};
if (args["ports-file"]) writeFileSync(args["ports-file"], JSON.stringify(endpoints));
console.log(JSON.stringify(endpoints));

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => stop(0));
if (args["exit-on-stdin-close"]) {
  process.stdin.resume();
  process.stdin.on("end", () => stop(0));
  process.stdin.on("close", () => stop(0));
}

function stop(code) {
  if (stopping) return;
  stopping = true;
  azurite.kill("SIGTERM");
  cosmos.close();
  if (args["ports-file"]) rmSync(args["ports-file"], { force: true });
  setTimeout(() => process.exit(code), 300);
}

function parseArgs(list) {
  const out = {};
  for (let i = 0; i < list.length; i++) {
    const key = list[i].replace(/^--/, "");
    const next = list[i + 1];
    if (next === undefined || next.startsWith("--")) out[key] = true;
    else { out[key] = next; i++; }
  }
  return out;
}

async function portOrFree(value) {
  if (value !== undefined && value !== true) return Number(value);
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

async function waitForPort(port) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const open = await new Promise((ok) => {
      const socket = (new (require("node:net").Socket)());
      socket.once("connect", () => { socket.destroy(); ok(true); });
      socket.once("error", () => ok(false));
      socket.connect(port, "127.0.0.1");
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`port ${port} did not open within 60 s`);
}
