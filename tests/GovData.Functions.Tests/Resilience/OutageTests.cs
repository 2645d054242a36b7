using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using GovData.Domain.Identifiers;
using GovData.Functions.Reference;
using GovData.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GovData.Functions.Tests.Resilience;

/// <summary>With Cosmos or Azurite unreachable, requests get 503 with Retry-After, nothing is half-written, and all recovers when they return.</summary>
public sealed class OutageTests
{
    private static string NewUnitCode()
    {
        var code = "11350800MB" + Random.Shared.Next(1000000, 9999999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return code + UnifiedSocialCreditCode.ComputeCheckCharacter(code);
    }

    private static async Task<HttpResponseMessage> Timed(Func<Task<HttpResponseMessage>> call, List<TimeSpan> times)
    {
        var watch = Stopwatch.StartNew();
        var response = await call();
        times.Add(watch.Elapsed);
        return response;
    }

    [Fact]
    public async Task Cosmos_down_answers_503_with_retry_after_changes_nothing_and_recovers()
    {
        var emulators = Emulators.Instance;
        await using var cosmos = new TcpProxy(emulators.Cosmos);
        await using var app = new GovDataApp { Settings = { ["Cosmos:AccountEndpoint"] = cosmos.Rewrite(emulators.Cosmos).ToString() } };
        var authority = app.DataAuthority();
        await (await authority.GetAsync("/api/jurisdictions/350800")).ShouldBe(HttpStatusCode.OK);

        cosmos.Stop();
        var times = new List<TimeSpan>();
        var read = await Timed(() => authority.GetAsync("/api/jurisdictions/350800"), times);
        await read.ShouldBeProblem(HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(read.Headers.RetryAfter);
        var code = NewUnitCode();
        var write = await Timed(() => authority.PostAsJsonAsync("/api/jurisdictions/350800/departments", new { code, name = "龙岩市统计局" }), times);
        await write.ShouldBeProblem(HttpStatusCode.ServiceUnavailable);
        var health = await app.CreateClient().GetAsync("/api/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.All(times, t => Assert.True(t < TimeSpan.FromSeconds(45), $"a request took {t} while Cosmos was down"));

        cosmos.Start();
        await (await app.CreateClient().GetAsync("/api/health")).ShouldBe(HttpStatusCode.OK);
        Assert.Null(await app.Services.GetRequiredService<ReferenceStore>().FindDepartmentAsync("350800", code, CancellationToken.None));
        await (await authority.PostAsJsonAsync("/api/jurisdictions/350800/departments", new { code, name = "龙岩市统计局" })).ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Azurite_down_the_operation_happens_with_its_record_kept_in_the_journal()
    {
        var emulators = Emulators.Instance;
        await using var blob = new TcpProxy(emulators.Blob);
        await using var table = new TcpProxy(emulators.Table);
        await using var app = new GovDataApp
        {
            Settings =
            {
                ["Storage:BlobServiceUri"] = blob.Rewrite(emulators.Blob).ToString(),
                ["Storage:TableServiceUri"] = table.Rewrite(emulators.Table).ToString(),
            },
        };
        var authority = app.DataAuthority();
        await (await authority.GetAsync("/api/jurisdictions/350800")).ShouldBe(HttpStatusCode.OK);

        blob.Stop();
        table.Stop();
        var code = NewUnitCode();
        // Issue 15: the record is durable in the Cosmos journal before the answer, so the trail being unreachable no longer
        // stops the operation; the record reaches the day file and the index when Azurite is back.
        var write = await authority.PostAsJsonAsync("/api/jurisdictions/350800/departments", new { code, name = "龙岩市统计局" });
        await write.ShouldBe(HttpStatusCode.Created);
        Assert.NotNull(await app.Services.GetRequiredService<ReferenceStore>().FindDepartmentAsync("350800", code, CancellationToken.None));

        blob.Start();
        table.Start();
        var now = app.Time.GetUtcNow();
        var records = new List<Domain.Audit.AuditRecord>();
        await foreach (var r in app.Services.GetRequiredService<Functions.Audit.IAuditLog>().QueryAsync(new Functions.Audit.AuditQuery("350800", now.AddHours(-1), now.AddHours(1)) { ResourcePrefix = $"jurisdictions/350800/departments/{code}", Limit = int.MaxValue }, CancellationToken.None))
            records.Add(r);
        Assert.Single(records);
    }
}
