using System.Collections.Concurrent;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using GovData.Functions.Tests.Infrastructure;
using GovData.LocalHost;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GovData.Functions.Tests.Foundation;

/// <summary>A queue function for these tests: fails on messages that say "fail" and records every delivery by queue.</summary>
public sealed class RecordingFunction
{
    /// <summary>Deliveries (text, dequeue count) by queue name.</summary>
    public static ConcurrentDictionary<string, ConcurrentQueue<(string Message, long DequeueCount)>> Attempts { get; } = new();

    /// <summary>The function; the local host binds the message from the queue its metadata names.</summary>
    public Task Run([QueueTrigger("declared-in-metadata")] QueueMessage message)
    {
        var text = message.Body.ToString();
        Attempts.GetOrAdd(text.Split(':')[^1], _ => new()).Enqueue((text, message.DequeueCount));
        if (text.StartsWith("fail", StringComparison.Ordinal)) throw new InvalidOperationException("planned failure for " + text);
        return Task.CompletedTask;
    }
}

/// <summary>The local host's trigger runner delivers, retries and poisons queue messages as the Functions host would.</summary>
public sealed class TriggerTests : IClassFixture<GovDataApp>
{
    private readonly GovDataApp _app;

    public TriggerTests(GovDataApp app) => _app = app;

    // A runner over a catalog of one function, TestWork, declared in a functions.metadata of its own on a fresh queue.
    private async Task<(TriggerRunner Runner, QueueClient Work, QueueClient Poison, string Tag)> NewQueueAsync()
    {
        var name = "test-work-" + Guid.NewGuid().ToString("N")[..8];
        var root = Directory.CreateTempSubdirectory("govdata-meta").FullName;
        File.Copy(Path.Combine(AppContext.BaseDirectory, "host.json"), Path.Combine(root, "host.json"));
        File.WriteAllText(Path.Combine(root, "functions.metadata"), $$$"""
            [{"name":"TestWork","scriptFile":"GovData.Functions.Tests.dll","entryPoint":"{{{typeof(RecordingFunction).FullName}}}.Run","language":"dotnet-isolated",
              "bindings":[{"name":"message","direction":"In","type":"queueTrigger","dataType":"String","queueName":"{{{name}}}","properties":{}}]}]
            """);
        var catalog = FunctionCatalog.Load(root);
        var services = _app.Services;
        var queues = services.GetRequiredService<QueueServiceClient>();
        var runner = new TriggerRunner(catalog, services.GetRequiredService<FunctionInvoker>(), services, Options.Create(new LocalHostOptions { Triggers = false }),
            queues, services.GetRequiredService<BlobServiceClient>(), TimeProvider.System, NullLogger<TriggerRunner>.Instance);
        var work = queues.GetQueueClient(name);
        var poison = queues.GetQueueClient(name + "-poison");
        await work.CreateIfNotExistsAsync();
        await poison.CreateIfNotExistsAsync();
        return (runner, work, poison, name);
    }

    [Fact]
    public async Task A_message_is_delivered_once_and_removed()
    {
        var (runner, work, _, tag) = await NewQueueAsync();
        await work.SendMessageAsync("hello:" + tag);
        Assert.Equal(1, await runner.PollQueueOnceAsync("TestWork"));
        Assert.Equal(0, await runner.PollQueueOnceAsync("TestWork"));
        Assert.Equal([("hello:" + tag, 1L)], RecordingFunction.Attempts[tag].ToArray());
        Assert.Empty((await work.PeekMessagesAsync(32)).Value);
    }

    [Fact]
    public async Task A_failing_message_is_tried_five_times_then_moved_to_the_poison_queue()
    {
        var (runner, work, poison, tag) = await NewQueueAsync();
        await work.SendMessageAsync("fail:" + tag);
        for (var i = 0; i < 8; i++) await runner.PollQueueOnceAsync("TestWork");

        Assert.Equal([1L, 2, 3, 4, 5], RecordingFunction.Attempts[tag].Select(a => a.DequeueCount).ToArray());
        Assert.Empty((await work.PeekMessagesAsync(32)).Value);
        var poisoned = (await poison.PeekMessagesAsync(32)).Value;
        Assert.Single(poisoned);
        Assert.Equal("fail:" + tag, poisoned[0].Body.ToString());
    }

    [Fact]
    public void A_function_whose_parameter_the_host_cannot_bind_is_refused_at_start()
    {
        var root = Directory.CreateTempSubdirectory("govdata-meta").FullName;
        File.WriteAllText(Path.Combine(root, "functions.metadata"), $$$"""
            [{"name":"Broken","scriptFile":"GovData.Functions.Tests.dll","entryPoint":"{{{typeof(UnbindableFunction).FullName}}}.Run","language":"dotnet-isolated",
              "bindings":[{"name":"message","direction":"In","type":"queueTrigger","queueName":"q","properties":{}}]}]
            """);
        var function = FunctionCatalog.Load(root)["Broken"];
        var error = Assert.Throws<InvalidOperationException>(() => _app.Services.GetRequiredService<FunctionInvoker>().Validate(function));
        Assert.Contains("'notDeclared'", error.Message);
    }
}

/// <summary>A function with a parameter that no binding supplies.</summary>
public sealed class UnbindableFunction
{
    /// <summary>Never invoked.</summary>
    public Task Run([QueueTrigger("q")] QueueMessage message, string notDeclared) => Task.CompletedTask;
}
