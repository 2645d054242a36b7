using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Azure.Storage;
using Azure.Storage.Queues;
using GovData.Functions.Tests.Infrastructure;

namespace GovData.Functions.Tests.Foundation;

/// <summary>
/// The local Azurite answers as Table and Queue storage do with tools/emulators/azurite-at-scale.cjs loaded (partition
/// queries and point lookups through the PartitionKey index, documents removed one by one instead of by index rebuilds).
/// </summary>
public sealed class AzuriteTests
{
    // Keys LokiJS (Azurite's store) orders oddly: it compares number-like strings as numbers ('2' < '10') and the rest as
    // strings ('10' < '1a'), so these keys do not even have a consistent order in its index.
    private static readonly string[] Partitions = ["1", "10", "1a", "2", "a", "a'b", "", "deadline:350800:share:r1:decision", "deadline:350800:share:r1:decision2"];

    private static async Task<TableClient> TableAsync()
    {
        var table = new TableClient(Emulators.Instance.Table, "azq" + Guid.NewGuid().ToString("N")[..12], new TableSharedKeyCredential("devstoreaccount1", Emulators.StorageKey));
        await table.CreateAsync();
        return table;
    }

    private static async Task<QueueClient> QueueAsync()
    {
        var queue = new QueueClient(new Uri($"{Emulators.Instance.Queue}/azq{Guid.NewGuid().ToString("N")[..12]}"),
            new StorageSharedKeyCredential("devstoreaccount1", Emulators.StorageKey));
        await queue.CreateAsync();
        return queue;
    }

    [Fact]
    public async Task The_preload_that_keeps_Azurite_fast_at_scale_is_loaded()
    {
        var commandLine = (await File.ReadAllTextAsync($"/proc/{Emulators.Instance.AzuritePid}/cmdline")).Replace('\0', ' ');
        Assert.Contains("--require", commandLine, StringComparison.Ordinal);
        Assert.Contains("azurite-at-scale.cjs", commandLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_partition_query_returns_exactly_that_partitions_rows_in_key_order_whatever_the_keys_look_like()
    {
        var table = await TableAsync();
        foreach (var p in Partitions)
            foreach (var r in new[] { "", "0000000000000001", "0000000000000000", "10", "2", "sentinel" })
                await table.AddEntityAsync(new TableEntity(p, r) { ["Of"] = $"{p}|{r}" });

        foreach (var p in Partitions)
        {
            var rows = await QueryAsync(table, TableClient.CreateQueryFilter($"PartitionKey eq {p}"));
            Assert.Equal(new[] { "", "0000000000000000", "0000000000000001", "10", "2", "sentinel" }.Select(r => $"{p}|{r}"), rows);

            // And-ed with other terms, on either side; the partition term still narrows, the others still filter.
            Assert.Equal([$"{p}|10", $"{p}|2"], await QueryAsync(table, TableClient.CreateQueryFilter($"RowKey ge {"1"} and PartitionKey eq {p} and RowKey lt {"3"}")));
            Assert.Equal([$"{p}|sentinel"], await QueryAsync(table, TableClient.CreateQueryFilter($"(PartitionKey eq {p}) and (Of eq {p + "|sentinel"})")));
        }

        // Forms that do not name one partition are answered over the whole table, as before.
        Assert.Equal(12, (await QueryAsync(table, TableClient.CreateQueryFilter($"PartitionKey eq {"1"} or PartitionKey eq {"10"}"))).Count);
        Assert.Equal(Partitions.Length, (await QueryAsync(table, TableClient.CreateQueryFilter($"RowKey eq {"sentinel"}"))).Count);
        Assert.Equal(6 * 3, (await QueryAsync(table, TableClient.CreateQueryFilter($"PartitionKey ge {"1"} and PartitionKey lt {"2"}"))).Count); // "1", "10", "1a"
        Assert.Empty(await QueryAsync(table, TableClient.CreateQueryFilter($"PartitionKey eq {"3"}")));
        Assert.Empty(await QueryAsync(table, TableClient.CreateQueryFilter($"not (PartitionKey ne {"3"})")));
    }

    [Fact]
    public async Task A_large_partition_is_read_page_by_page_with_its_continuation_between_other_partitions()
    {
        var table = await TableAsync();
        foreach (var p in new[] { "before", "big", "bigger", "c" })
        {
            var count = p == "big" ? 2_500 : 150;
            for (var start = 0; start < count; start += 100)
                await table.SubmitTransactionAsync(Enumerable.Range(start, Math.Min(100, count - start))
                    .Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(p, i.ToString("D5", CultureInfo.InvariantCulture)))));
        }

        var pages = 0;
        var keys = new List<string>();
        await foreach (var page in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"big"}"), maxPerPage: 1000).AsPages())
        {
            pages++;
            keys.AddRange(page.Values.Select(e => $"{e.PartitionKey}/{e.RowKey}"));
        }
        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 2_500).Select(i => $"big/{i:D5}"), keys);
    }

    [Fact]
    public async Task Point_operations_find_the_one_row_when_every_row_has_the_same_row_key()
    {
        // The task hub's Instances table: RowKey '' on every row.
        var table = await TableAsync();
        for (var i = 0; i < 300; i++) await table.AddEntityAsync(new TableEntity($"instance-{i:D3}", "") { ["Status"] = "Pending" });

        var row = (await table.GetEntityAsync<TableEntity>("instance-150", "")).Value;
        Assert.Equal("Pending", row["Status"]);
        row["Status"] = "Running";
        await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);
        var stale = Assert.ThrowsAsync<RequestFailedException>(() => table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace));
        Assert.Equal(412, (await stale).Status);
        Assert.Equal(409, (await Assert.ThrowsAsync<RequestFailedException>(() => table.AddEntityAsync(new TableEntity("instance-150", "")))).Status);
        await table.UpsertEntityAsync(new TableEntity("instance-151", "") { ["Status"] = "Completed" }, TableUpdateMode.Merge);
        await table.DeleteEntityAsync("instance-149", "");

        Assert.Equal("Running", (await table.GetEntityAsync<TableEntity>("instance-150", "")).Value["Status"]);
        Assert.Equal("Completed", (await table.GetEntityAsync<TableEntity>("instance-151", "")).Value["Status"]);
        Assert.False((await table.GetEntityIfExistsAsync<TableEntity>("instance-149", "")).HasValue);
        Assert.Equal("Pending", (await table.GetEntityAsync<TableEntity>("instance-148", "")).Value["Status"]);
        Assert.Equal(299, (await QueryAsync(table, null)).Count);
    }

    [Fact]
    public async Task A_failed_transaction_leaves_the_partition_as_it_was()
    {
        var table = await TableAsync();
        await table.AddEntityAsync(new TableEntity("p", "") { ["V"] = "kept" });
        await table.AddEntityAsync(new TableEntity("p", "x") { ["V"] = "there" });
        await table.AddEntityAsync(new TableEntity("q", "") { ["V"] = "other" });

        var failed = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity("p", "") { ["V"] = "changed" }),
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", "new") { ["V"] = "added" }),
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", "x") { ["V"] = "again" }),
        ]));
        Assert.Equal(409, failed.Status);
        var partition = new List<string>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"p"}"))) partition.Add($"{e.RowKey}={e["V"]}");
        Assert.Equal(["=kept", "x=there"], partition);
        Assert.Equal("other", (await table.GetEntityAsync<TableEntity>("q", "")).Value["V"]);
    }

    [Fact]
    public async Task Queue_messages_are_received_deleted_and_expire_as_in_Queue_storage()
    {
        var queue = await QueueAsync();
        await queue.SendMessageAsync("later", visibilityTimeout: TimeSpan.FromHours(1));
        await queue.SendMessageAsync("expires", timeToLive: TimeSpan.FromSeconds(1));
        for (var i = 0; i < 5; i++) await queue.SendMessageAsync($"m{i}");

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var received = (await queue.ReceiveMessagesAsync(maxMessages: 3)).Value;
        Assert.Equal(["m0", "m1", "m2"], received.Select(m => m.MessageText));
        foreach (var m in received.Take(2)) await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);

        var rest = (await queue.ReceiveMessagesAsync(maxMessages: 32)).Value;
        Assert.Equal(["m3", "m4"], rest.Select(m => m.MessageText)); // m2 is invisible until its timeout, "later" for an hour, "expires" is gone
        Assert.Equal(4, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount); // m2, m3, m4, later
    }

    [Fact]
    public async Task Messages_received_in_batches_among_many_invisible_ones_come_out_once_each_in_visibility_order()
    {
        // A task hub's control queue: many timer messages invisible for a long time, a few due, received 32 at a time.
        var queue = await QueueAsync();
        for (var i = 0; i < 300; i++) await queue.SendMessageAsync($"timer-{i:D3}", visibilityTimeout: TimeSpan.FromHours(1 + i % 7));
        for (var i = 0; i < 100; i++) await queue.SendMessageAsync($"due-{i:D3}");

        var seen = new List<string>();
        for (var round = 0; round < 10 && seen.Count < 100; round++)
        {
            var batch = (await queue.ReceiveMessagesAsync(maxMessages: 32, visibilityTimeout: TimeSpan.FromHours(2))).Value;
            seen.AddRange(batch.Select(m => m.MessageText));
            foreach (var m in batch.Where((_, i) => i % 2 == 0)) await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
        }
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"due-{i:D3}"), seen);
        Assert.Empty((await queue.ReceiveMessagesAsync(maxMessages: 32)).Value);
        Assert.Equal(300 + 50, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    private static async Task<List<string>> QueryAsync(TableClient table, string? filter)
    {
        var rows = new List<string>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter)) rows.Add(e.TryGetValue("Of", out var of) ? (string)of! : $"{e.PartitionKey}|{e.RowKey}");
        return rows;
    }
}
