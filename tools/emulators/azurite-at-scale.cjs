// Preloaded into Azurite by start.mjs (node --require; AZURITE_AS_PUBLISHED=1 leaves it out). Azurite 3.37.0 keeps its
// data in LokiJS collections, and three of its paths cost time in proportion to everything it holds, which made a task
// hub with many waiting orchestrations unusable here (3,000 waiting deadline orchestrations took 1,390 s to schedule,
// docs/benchmarks.md). Each is narrowed below without changing what Azurite answers:
// 1. Table queries test every entity of the table against the filter (LokiTableMetadataStore.queryTableEntities:
//    `.chain().where(filter)`). The Durable Task Framework's Azure Storage provider reads an orchestration's history
//    with `PartitionKey eq '<instance>'`; such a query is first narrowed to its partition through the PartitionKey
//    index Azurite already declares on every table (a LokiJS binary index), then Azurite's own filter decides as
//    before, so what a query returns, its order and its continuation do not change. Only a top-level
//    `PartitionKey eq '<string>'` term (alone or and-ed with others) narrows; anything else is untouched.
// 2. Point reads and writes look an entity up by RowKey first (below).
// 3. Removing documents through LokiJS's batch path rebuilds every index of the collection, even when nothing is
//    removed (below): every queue receive did so for all messages of all queues, every deleted extent for all extents.
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
// The same two keys, PartitionKey first: the same single match, found through the partition.
const narrowed = Symbol("partition-first findOne");
const getEntityCollection = Store.prototype.getEntityCollection;
Store.prototype.getEntityCollection = function (...args) {
  const collection = getEntityCollection.apply(this, args);
  if (collection && !collection[narrowed]) {
    const findOne = collection.findOne;
    collection.findOne = function (query) {
      if (query && typeof query === "object" && Object.keys(query).length === 2 && "RowKey" in query && "PartitionKey" in query) {
        query = { PartitionKey: query.PartitionKey, RowKey: query.RowKey };
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
const removeBatchByPositions = Loki.Collection.prototype.removeBatchByPositions;
Loki.Collection.prototype.removeBatchByPositions = function (positions) {
  if (positions.length === 0) return;
  if (positions.length > 64) return removeBatchByPositions.call(this, positions);
  const docs = positions.map((position) => this.data[position]);
  for (const doc of docs) this.remove(doc);
};
const removeBatch = Loki.Collection.prototype.removeBatch;
Loki.Collection.prototype.removeBatch = function (batch) {
  if (batch.length === 0) return; // it would map every document's id to its position first
  return removeBatch.call(this, batch);
};

module.exports = { partitionOfFilter };
