using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Azure.Storage.Queues;
using GovData.Functions.Tests.Infrastructure;
using GovData.Functions.Triggers;
using Microsoft.Extensions.DependencyInjection;

namespace GovData.Functions.Tests.Foundation;

/// <summary>A handler for tests that fails on messages that say "fail" and records every attempt.</summary>
internal sealed class RecordingHandler : ITriggerHandler
{
    public string FunctionName => "TestWork";
    public ConcurrentQueue<(string Message, int DequeueCount)> Attempts { get; } = new();

    public Task<TriggerResult> HandleAsync(TriggerInvocation invocation, CancellationToken cancellationToken)
    {
        var text = invocation.Text("msg") ?? "";
        Attempts.Enqueue((text, invocation.DequeueCount));
        if (text.StartsWith("fail", StringComparison.Ordinal)) throw new InvalidOperationException("planned failure for " + text);
        return Task.FromResult(new TriggerResult { Logs = ["handled " + text], ReturnValue = text.Length });
    }
}

/// <summary>The local trigger runner delivers, retries and poisons as the Functions host would; the invocation endpoint answers the host.</summary>
public sealed class TriggerTests : IDisposable
{
    private readonly RecordingHandler _handler = new();
    private readonly string _root = Directory.CreateTempSubdirectory("govdata-defs").FullName;
    private readonly GovDataApp _app;

    public TriggerTests()
    {
        File.Copy(Path.Combine(AppContext.BaseDirectory, "host.json"), Path.Combine(_root, "host.json"));
        _app = new GovDataApp
        {
            Settings =
            {
                ["Functions:LocalTriggers"] = "true",
                ["Functions:CustomHandler"] = "true",
                // An empty definitions folder: the background loops drive nothing; the test drives the runner step by step.
                ["Functions:DefinitionsRoot"] = _root,
                ["Seed:Demo"] = "false",
            },
            ExtraServices = s => s.AddSingleton<ITriggerHandler>(_handler),
        };
    }

    public void Dispose()
    {
        _app.Dispose();
        Directory.Delete(_root, true);
    }

    private async Task<(QueueClient Work, QueueClient Poison, FunctionBinding Binding)> NewQueue()
    {
        var name = "test-work-" + Guid.NewGuid().ToString("N")[..8];
        _app.CreateClient().Dispose();
        var queues = _app.Services.GetRequiredService<QueueServiceClient>();
        var work = queues.GetQueueClient(name);
        var poison = queues.GetQueueClient(name + "-poison");
        await work.CreateIfNotExistsAsync();
        await poison.CreateIfNotExistsAsync();
        return (work, poison, new FunctionBinding { Type = "queueTrigger", Direction = "in", Name = "msg", QueueName = name });
    }

    [Fact]
    public async Task A_message_is_delivered_once_and_removed()
    {
        var (work, _, binding) = await NewQueue();
        await work.SendMessageAsync("hello");
        var runner = _app.Services.GetRequiredService<LocalTriggerRunner>();
        Assert.Equal(1, await runner.PollOnceAsync("TestWork", binding, 5, CancellationToken.None));
        Assert.Equal(0, await runner.PollOnceAsync("TestWork", binding, 5, CancellationToken.None));
        Assert.Equal([("hello", 1)], _handler.Attempts.ToArray());
        Assert.Empty((await work.PeekMessagesAsync(32)).Value);
    }

    [Fact]
    public async Task A_failing_message_is_tried_five_times_then_moved_to_the_poison_queue()
    {
        var (work, poison, binding) = await NewQueue();
        await work.SendMessageAsync("fail-1");
        var runner = _app.Services.GetRequiredService<LocalTriggerRunner>();
        for (var i = 0; i < 8; i++) await runner.PollOnceAsync("TestWork", binding, 5, CancellationToken.None);

        Assert.Equal([1, 2, 3, 4, 5], _handler.Attempts.Select(a => a.DequeueCount).ToArray());
        Assert.Empty((await work.PeekMessagesAsync(32)).Value);
        var poisoned = (await poison.PeekMessagesAsync(32)).Value;
        Assert.Single(poisoned);
        Assert.Equal("fail-1", poisoned[0].Body.ToString());
    }

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    [Fact]
    public async Task The_host_invocation_endpoint_runs_the_handler_and_answers_in_the_custom_handler_shape()
    {
        var client = _app.CreateClient();
        var ok = await client.PostAsync("/TestWork", Json("""{"Data":{"msg":"from-host"},"Metadata":{"DequeueCount":2,"Id":"m1","sys":{"MethodName":"TestWork"}}}"""));
        var body = await ok.ShouldBe(HttpStatusCode.OK);
        Assert.Equal("handled from-host", body.GetProperty("Logs")[0].GetString());
        Assert.Equal(9, body.GetProperty("ReturnValue").GetInt32());
        Assert.Contains(("from-host", 2), _handler.Attempts);

        var failed = await client.PostAsync("/TestWork", Json("""{"Data":{"msg":"fail-host"},"Metadata":{"DequeueCount":1}}"""));
        await failed.ShouldBeProblem(HttpStatusCode.InternalServerError);
    }
}
