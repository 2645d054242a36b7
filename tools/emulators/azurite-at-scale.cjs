// Preloaded into Azurite by start.mjs (node --require; AZURITE_AS_PUBLISHED=1 leaves it out). Azurite 3.37.0 keeps its
// data in LokiJS collections, and five of its paths cost time in proportion to everything it holds, which made a task
// hub with many waiting orchestrations unusable here (3,000 waiting deadline orchestrations took 1,390 s to schedule,
// docs/benchmarks.md). Each is narrowed below without changing what Azurite answers:
// 1. Table queries test every entity of the table against the filter (LokiTableMetadataStore.queryTableEntities:
//    `.chain().where(filter)`). The Durable Task Framework's Azure Storage provider reads an orchestration's history
//    with `PartitionKey eq '<instance>'`; such a query is first narrowed to its partition through the PartitionKey
//    index Azurite already declares on every table (a LokiJS binary index), then Azurite's own filter decides as
//    before, so what a query returns, its order and its continuation do not change. Only a top-level
//    `PartitionKey eq '<string>'` term (alone or and-ed with others) narrows; anything else is untouched.
// 2. Point reads and writes look an entity up by RowKey first, whatever the table (below).
// 3. Removing or updating documents through LokiJS's batch paths rebuilds every index of the collection, even when
//    nothing is removed (below): every queue receive did so twice for all messages of all queues, every deleted
//    extent for all extents.
// 4. Queue receives, peeks and the expired-message sweep before each of them test every message of every queue
//    (below): a task hub's durable timers are messages, invisible until due, so 100,000 waiting timers made each
//    receive of every queue test 100,000 messages twice.
// 5. An insert shifts every index entry of its value's run (below): each new row of a day of the audit index shifted
//    all the rows the day already held.
"use strict";
const { join } = require("node:path");

const dist = join(__dirname, "node_modules", "azurite", "dist", "src", "table", "persistence");
const Store = require(join(dist, "LokiTableMetadataStore.js")).default;
const parse = require(join(dist, "QueryInterpreter", "QueryParser.js")).default;
const AndNode = require(join(dist, "QueryInterpreter", "QueryNodes", "AndNode.js")).default;
const EqualsNode = require(join(dist, "QueryInterpreter", "QueryNodes", "EqualsNode.js")).default;
const IdentifierNode = require(join(dist, "QueryInterpreter", "QueryNodes", "IdentifierNode.js")).default;
const ConstantNode = require(join(dist, "QueryInterpreter", "QueryNodes", "ConstantNode.js")).default;

/** The string a top-level `PartitionKey eq '...'` term of the filter names, or undefined. */
function partitionOf(node) {
  if (node instanceof AndNode) return partitionOf(node.left) ?? partitionOf(node.right);
  if (!(node instanceof EqualsNode)) return undefined;
  const [id, value] = node.left instanceof IdentifierNode ? [node.left, node.right] : [node.right, node.left];
  if (!(id instanceof IdentifierNode) || id.identifier !== "PartitionKey") return undefined;
  return value instanceof ConstantNode && typeof value.value === "string" ? value.value : undefined;
}

function partitionOfFilter(filter) {
  if (typeof filter !== "string" || filter === "") return undefined;
  try {
    return partitionOf(parse(filter));
  } catch {
    return undefined; // Azurite's own parse reports the error.
  }
}

const original = Store.prototype.queryTableEntities;
// The wrap below depends on the body calling collection.chain() once, synchronously, before its first await.
if (typeof original !== "function" || (original.toString().match(/\.chain\(\)/g) ?? []).length !== 1 || /\bawait\b/.test(original.toString())) {
  throw new Error("azurite-at-scale.cjs: LokiTableMetadataStore.queryTableEntities is not the 3.37.0 shape; check the Azurite upgrade");
}

Store.prototype.queryTableEntities = function (context, account, table, queryOptions, ...rest) {
  const partition = partitionOfFilter(queryOptions?.filter);
  if (partition === undefined) return original.call(this, context, account, table, queryOptions, ...rest);
  const collection = this.getEntityCollection(account, table, context);
  const chain = collection.chain;
  collection.chain = function (...args) {
    return chain.apply(this, args).find({ PartitionKey: partition });
  };
  try {
    return original.call(this, context, account, table, queryOptions, ...rest);
  } finally {
    delete collection.chain; // the body took its chain synchronously; the collection's own method is back
  }
};

// Point reads and writes look an entity up with findOne({ RowKey, PartitionKey }): LokiJS narrows by the first key's
// index and tests the rest one by one, so every lookup in a table whose rows share a RowKey (the task hub's Instances
// table: RowKey '' on every row; its History table: the same sequence numbers in every instance) tests all of them.
// Whichever of the two keys matches fewer rows in its index (binary searches) goes first: the same single match,
// found among the fewest (a big partition of unique row keys, like a day of the audit index, keeps RowKey first).
const narrowed = Symbol("narrower key first findOne");
function rangeSize(collection, key, value) {
  if (!collection.binaryIndices[key]) return Infinity;
  collection.ensureIndex(key); // a no-op unless the index was flagged for a rebuild
  const [from, to] = collection.calculateRange("$eq", key, value);
  return to - from + 1;
}
const getEntityCollection = Store.prototype.getEntityCollection;
Store.prototype.getEntityCollection = function (...args) {
  const collection = getEntityCollection.apply(this, args);
  if (collection && !collection[narrowed]) {
    const findOne = collection.findOne;
    collection.findOne = function (query) {
      if (query && typeof query === "object" && Object.keys(query).length === 2 && "RowKey" in query && "PartitionKey" in query) {
        // A RowKey that names at most one row cannot be beaten: the second binary search is skipped (every audit index row).
        const rows = rangeSize(this, "RowKey", query.RowKey);
        if (rows > 1 && rangeSize(this, "PartitionKey", query.PartitionKey) < rows) query = { PartitionKey: query.PartitionKey, RowKey: query.RowKey };
      }
      return findOne.call(this, query);
    };
    collection[narrowed] = true;
  }
  return collection;
};

// LokiJS removes a batch of documents (Resultset.remove, findAndRemove, remove([...])) by re-sorting every binary index of
// the collection from scratch (removeBatchByPositions: ensureAllIndexes(true)), and does so for an empty batch too.
// Azurite removes through that path on every queue receive and peek (clearExpiredMessages, usually nothing expired:
// all four indices of the messages of every queue re-sorted) and for every extent its garbage collector deletes
// (deleteExtent: findAndRemove by id, one at a time). An empty batch removes nothing; a small one is removed document by
// document through Collection.remove, which updates the indices in place. Larger batches keep LokiJS's own path.
const Loki = require(require.resolve("lokijs", { paths: [join(__dirname, "node_modules", "azurite")] }));
// AZURITE_CHECK_INDEXES=1 (the test suite sets it) checks every index of a collection after each batch handled here, and
// fails the request if one is out of order, so the whole suite checks this file's index bookkeeping.
const checking = Boolean(process.env.AZURITE_CHECK_INDEXES);
function check(collection, what) {
  if (!checking) return;
  const bad = collection.checkAllIndexes({ repair: false });
  if (bad.length > 0) throw new Error(`azurite-at-scale.cjs: ${what} left the ${bad.join(", ")} index of ${collection.name} out of order`);
}

const removeBatchByPositions = Loki.Collection.prototype.removeBatchByPositions;
Loki.Collection.prototype.removeBatchByPositions = function (positions) {
  if (positions.length === 0) return;
  if (positions.length > 64) return removeBatchByPositions.call(this, positions);
  const docs = positions.map((position) => this.data[position]);
  for (const doc of docs) this.remove(doc);
  check(this, "removing documents one by one");
};
const removeBatch = Loki.Collection.prototype.removeBatch;
Loki.Collection.prototype.removeBatch = function (batch) {
  if (batch.length === 0) return; // it would map every document's id to its position first
  return removeBatch.call(this, batch);
};

// LokiJS puts a new document's index entry at the start of the run of equal values (calculateRangeStart) and splices it
// in, so every insert into a long run shifts the whole run by one: a day of the audit index is one PartitionKey, and with
// 1,000,000 rows in the day each new row shifted a million entries. The end of the run is as sorted a place as its
// start (the first entry the value is less than), and it lies near the end of the array when keys grow with time, as a
// day's rows and their time-ordered RowKeys do. Dotted names and Date values keep LokiJS's own path.
const Comparators = Loki.Comparators;
const adaptiveBinaryIndexInsert = Loki.Collection.prototype.adaptiveBinaryIndexInsert;
Loki.Collection.prototype.adaptiveBinaryIndexInsert = function (dataPosition, name) {
  const data = this.data;
  const value = data[dataPosition][name];
  if (name.includes(".") || value instanceof Date) return adaptiveBinaryIndexInsert.call(this, dataPosition, name);
  const index = this.binaryIndices[name].values;
  let min = 0;
  let max = index.length;
  while (min < max) {
    const mid = (min + max) >> 1;
    if (Comparators.lt(value, data[index[mid]][name], false)) max = mid;
    else min = mid + 1;
  }
  index.splice(min, 0, dataPosition);
  if (checking) {
    const before = min > 0 ? data[index[min - 1]][name] : undefined;
    const after = min + 1 < index.length ? data[index[min + 1]][name] : undefined;
    if ((min > 0 && Comparators.lt(value, before, false)) || (min + 1 < index.length && Comparators.lt(after, value, false)))
      throw new Error(`azurite-at-scale.cjs: an insert left the ${name} index of ${this.name} out of order`);
  }
};

// LokiJS updates an array of documents with the indices off and then rebuilds every index from scratch (each queue
// receive: its messages). Azurite changes the documents in place before it calls update, so the index entries of all of
// them may be out of place at once and updating them one by one through the indices would search a misordered index.
// Instead: take the batch's entries out of every index (what remains is in order), update the documents, then put each
// entry back at its sorted place.
const update = Loki.Collection.prototype.update;
Loki.Collection.prototype.update = function (doc) {
  const indices = Object.values(this.binaryIndices);
  if (!Array.isArray(doc) || doc.length > 64 || !this.adaptiveBinaryIndices || this.cloneObjects || indices.length === 0 || indices.some((i) => i.dirty)) {
    return update.call(this, doc);
  }
  const found = doc.map((d) => (d && typeof d === "object" ? this.get(d.$loki, true) : null));
  if (found.some((f) => !f)) return update.call(this, doc); // LokiJS reports what is wrong with the batch
  const positions = [...new Set(found.map((f) => f[1]))];
  const taken = new Set(positions);
  const names = Object.keys(this.binaryIndices);
  for (const name of names) this.binaryIndices[name].values = this.binaryIndices[name].values.filter((p) => !taken.has(p));
  let done = false;
  this.adaptiveBinaryIndices = false;
  try {
    for (const one of doc) update.call(this, one);
    done = true;
  } finally {
    this.adaptiveBinaryIndices = true;
    for (const name of names) {
      if (done) {
        for (const p of positions) this.adaptiveBinaryIndexInsert(p, name);
        this.binaryIndices[name].dirty = false;
      } else {
        this.binaryIndices[name].dirty = true; // rebuilt from the documents on the next find
      }
    }
  }
  check(this, "updating a batch");
};

// Messages are found by { accountName, queueName, timeNextVisible: { $lte: now } } (receive, peek) and
// { accountName, queueName, expirationTime: { $lte: now } } (the sweep): LokiJS narrows by the first key's index
// (accountName: every message) and tests the rest one by one. With indices on the two instants, put first, a query
// starts from the messages already visible (or already expired): few, whatever the queues hold. The same terms, so
// the same messages; their order comes from Azurite's own sort after the find.
const queueDist = join(__dirname, "node_modules", "azurite", "dist", "src", "queue", "persistence");
const QueueStore = require(join(queueDist, "LokiQueueMetadataStore.js")).default;
const instants = ["timeNextVisible", "expirationTime"];
function instantsFirst(query) {
  if (!query || typeof query !== "object" || Array.isArray(query)) return query;
  const first = instants.filter((k) => k in query);
  if (first.length === 0) return query;
  const reordered = {};
  for (const k of first) reordered[k] = query[k];
  for (const k of Object.keys(query)) if (!first.includes(k)) reordered[k] = query[k];
  return reordered;
}
const queueInit = QueueStore.prototype.init;
QueueStore.prototype.init = async function (...args) {
  await queueInit.apply(this, args);
  const messages = this.db.getCollection(this.MESSAGES_COLLECTION);
  for (const k of instants) messages.ensureIndex(k);
  const chain = messages.chain;
  messages.chain = function (...chainArgs) {
    const resultset = chain.apply(this, chainArgs);
    const find = resultset.find;
    resultset.find = function (query, firstOnly) {
      return find.call(this, instantsFirst(query), firstOnly);
    };
    return resultset;
  };
};

module.exports = { partitionOfFilter, instantsFirst };
