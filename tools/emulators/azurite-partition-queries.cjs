// Preloaded into Azurite by start.mjs (node --require). Azurite 3.37.0 answers every table query by testing every
// entity of the table against the filter (LokiTableMetadataStore.queryTableEntities: `.chain().where(filter)`), so a
// query for one partition costs as much as the whole table holds. Table Storage finds a partition by its key, and the
// Durable Task Framework's Azure Storage provider reads an orchestration's history with `PartitionKey eq '<instance>'`:
// on Azurite each orchestration episode became slower the more instances the task hub held (3,000 waiting instances
// scheduled at ~0.65/s, docs/benchmarks.md). This narrows such a query to its partition through the PartitionKey index
// Azurite already declares on every table (LokiJS binary indices on PartitionKey and RowKey), then applies Azurite's
// own filter unchanged, so what a query returns, its order and its continuation do not change.
// Only a top-level `PartitionKey eq '<string>'` term (alone or and-ed with others) narrows; anything else is untouched.
// Point reads and writes get the same treatment below.
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
  throw new Error("azurite-partition-queries.cjs: LokiTableMetadataStore.queryTableEntities is not the 3.37.0 shape; check the Azurite upgrade");
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

module.exports = { partitionOfFilter };
