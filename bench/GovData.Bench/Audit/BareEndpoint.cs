using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Http;
using GovData.Functions.Errors;
using GovData.Functions.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Azure.Cosmos;

namespace GovData.Bench.Audit;

/// <summary>
/// The yardstick: a bare Kestrel endpoint, no authentication, no audit, doing one Cosmos point read of a catalog entry on
/// the same emulator and database as the app, and answering the document as it is stored. Beside it, the floor of any
/// audited read: the same point read, then one Cosmos create of a record-sized document before answering (no grouping, no
/// chain, no index), the least a design that stores the record of what was read before it answers can do.
/// </summary>
internal sealed class BareEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CosmosClient _client;

    private BareEndpoint(WebApplication app, CosmosClient client, Uri baseUrl)
    {
        _app = app;
        _client = client;
        BaseUrl = baseUrl;
    }

    /// <summary>Where it listens.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Starts GET /bare/{id} (and /bare-recorded/{id}) reading <c>catalog/{id}</c> in partition <paramref name="jurisdiction"/>.</summary>
    public static async Task<BareEndpoint> StartAsync(Uri cosmos, string database, string jurisdiction, CancellationToken ct)
    {
        var client = StorageServiceExtensions.CreateCosmosClient(new CosmosOptions { AccountEndpoint = cosmos, AccountKey = BenchArgs.EmulatorCosmosKey }, JsonDefaults.Storage);
        var container = client.GetContainer(database, StorageNames.Cosmos.Catalog);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var pk = new PartitionKey(jurisdiction);
        // Its own container: the emulator scans a container's every document on a query, so these must not sit beside the app's journal.
        var records = (await client.GetDatabase(database).CreateContainerIfNotExistsAsync(
            new ContainerProperties("bare-records", StorageNames.Cosmos.PartitionKeyPath), cancellationToken: ct)).Container;
        var recordPk = new PartitionKey("bare");
        var noEcho = new ItemRequestOptions { EnableContentResponseOnWrite = false };
        app.MapGet("/bare/{id}", async (string id, HttpContext http, CancellationToken token) =>
        {
            using var response = await container.ReadItemStreamAsync(id, pk, cancellationToken: token);
            await AnswerAsync(http, response, token);
        });
        app.MapGet("/bare-recorded/{id}", async (string id, HttpContext http, CancellationToken token) =>
        {
            using var response = await container.ReadItemStreamAsync(id, pk, cancellationToken: token);
            // A record of the size the app writes for a read (~600 bytes of canonical JSON), made durable before the answer.
            var record = new BareRecord(Guid.NewGuid().ToString("N"), "bare", $"read {id} {response.StatusCode} {RecordPadding}");
            await records.CreateItemAsync(record, recordPk, noEcho, token);
            await AnswerAsync(http, response, token);
        });
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BareEndpoint(app, client, new Uri(address));
    }

    private static readonly string RecordPadding = new('x', 520);

    // The stored document as it is, with the store's status.
    private static async Task AnswerAsync(HttpContext http, ResponseMessage response, CancellationToken ct)
    {
        http.Response.StatusCode = (int)response.StatusCode;
        http.Response.ContentType = "application/json";
        if (response.Content is not null) await response.Content.CopyToAsync(http.Response.Body, ct);
    }

    private sealed record BareRecord(
        [property: System.Text.Json.Serialization.JsonPropertyName("id")] string Id,
        [property: System.Text.Json.Serialization.JsonPropertyName("jurisdiction")] string Jurisdiction,
        [property: System.Text.Json.Serialization.JsonPropertyName("record")] string Record);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _client.Dispose();
    }
}
