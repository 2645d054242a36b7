using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using GovData.Domain.Audit;
using GovData.Domain.Identifiers;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Audit;
using GovData.Functions.Reference;
using GovData.Functions.Storage;
using GovData.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GovData.Functions.Tests.AuditTrail;

/// <summary>The hash-chained trail: intact chains verify; altering, removing or reordering a stored record is caught at that line.</summary>
public sealed class AuditChainTests : IClassFixture<GovDataApp>
{
    private readonly GovDataApp _app;

    public AuditChainTests(GovDataApp app) => _app = app;

    // Each test uses its own made-up jurisdiction so its day files are its own (blob containers are shared by all tests).
    private static string NewJurisdiction() => "9" + Random.Shared.Next(10000, 99999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private HttpClient AuditorOf(string jurisdiction)
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            _app.TokenFor("auditor-1", DemoJurisdiction.DataAuthority.Code, jurisdiction, Role.Auditor));
        return client;
    }

    private async Task WriteRecords(string jurisdiction, int count, DateTimeOffset at)
    {
        var log = _app.Services.GetRequiredService<IAuditLog>();
        for (var i = 0; i < count; i++)
            await log.WriteAsync(new AuditRecord
            {
                Id = Guid.NewGuid().ToString("N"), Jurisdiction = jurisdiction, At = at.AddMinutes(i), UserId = "u" + i, Department = DemoJurisdiction.PublicSecurity.Code,
                Action = "test.write", Resource = $"test/{i}", Purpose = "purpose " + i, Outcome = AuditOutcome.Succeeded,
            }, CancellationToken.None);
    }

    private async Task<List<string>> Lines(string jurisdiction, DateOnly day)
    {
        _app.CreateClient().Dispose();
        // Records are durable in the journal when WriteAsync returns and chained into the day files moments later.
        await _app.Services.GetRequiredService<ChainedAuditLog>().FlushAsync(CancellationToken.None);
        var blob = _app.Services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(StorageNames.Blobs.Audit).GetBlobClient(ChainedAuditLog.BlobName(jurisdiction, day));
        return (await blob.DownloadContentAsync()).Value.Content.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    private async Task Rewrite(string jurisdiction, DateOnly day, IEnumerable<string> lines)
    {
        // What an attacker with storage access would do: replace the day file with edited content.
        var blob = _app.Services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(StorageNames.Blobs.Audit).GetAppendBlobClient(ChainedAuditLog.BlobName(jurisdiction, day));
        await blob.DeleteAsync();
        await blob.CreateAsync();
        await blob.AppendBlockAsync(new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n")));
    }

    private async Task<System.Text.Json.JsonElement> Verify(string jurisdiction, string from, string to) =>
        await (await AuditorOf(jurisdiction).GetAsync($"/api/audit/verify?from={from}&to={to}")).ShouldBe(HttpStatusCode.OK);

    private static readonly DateTimeOffset Day1 = new(2026, 11, 20, 9, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task An_untouched_chain_verifies_across_days()
    {
        var j = NewJurisdiction();
        await WriteRecords(j, 4, Day1);
        await WriteRecords(j, 3, Day1.AddDays(1));
        var result = await Verify(j, "2026-11-20", "2026-11-21");
        Assert.True(result.GetProperty("intact").GetBoolean(), result.ToString());
        Assert.Equal(7, result.GetProperty("recordsChecked").GetInt32());
        // The second day's first link carries the first day's last hash.
        var day1 = await Lines(j, new DateOnly(2026, 11, 20));
        var day2 = await Lines(j, new DateOnly(2026, 11, 21));
        Assert.Equal(AuditChain.FromLine(day1[^1])!.Hash, AuditChain.FromLine(day2[0])!.Prev);
        Assert.Equal(AuditChain.Genesis, AuditChain.FromLine(day1[0])!.Prev);
    }

    [Fact]
    public async Task An_altered_record_is_caught_at_its_line()
    {
        var j = NewJurisdiction();
        await WriteRecords(j, 5, Day1);
        var lines = await Lines(j, DateOnly.FromDateTime(Day1.DateTime));
        lines[2] = lines[2].Replace("purpose 2", "purpose X");
        await Rewrite(j, DateOnly.FromDateTime(Day1.DateTime), lines);
        var result = await Verify(j, "2026-11-20", "2026-11-20");
        Assert.False(result.GetProperty("intact").GetBoolean());
        Assert.Equal(3, result.GetProperty("firstBreak").GetProperty("line").GetInt32());
        Assert.Contains("altered", result.GetProperty("firstBreak").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_removed_record_is_caught_at_the_next_line()
    {
        var j = NewJurisdiction();
        await WriteRecords(j, 5, Day1);
        var lines = await Lines(j, DateOnly.FromDateTime(Day1.DateTime));
        lines.RemoveAt(1);
        await Rewrite(j, DateOnly.FromDateTime(Day1.DateTime), lines);
        var result = await Verify(j, "2026-11-20", "2026-11-20");
        Assert.False(result.GetProperty("intact").GetBoolean());
        Assert.Equal(2, result.GetProperty("firstBreak").GetProperty("line").GetInt32());
        Assert.Contains("removed", result.GetProperty("firstBreak").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Reordered_records_are_caught()
    {
        var j = NewJurisdiction();
        await WriteRecords(j, 5, Day1);
        var lines = await Lines(j, DateOnly.FromDateTime(Day1.DateTime));
        (lines[3], lines[4]) = (lines[4], lines[3]);
        await Rewrite(j, DateOnly.FromDateTime(Day1.DateTime), lines);
        var result = await Verify(j, "2026-11-20", "2026-11-20");
        Assert.False(result.GetProperty("intact").GetBoolean());
        Assert.Equal(4, result.GetProperty("firstBreak").GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task Removing_a_whole_earlier_day_breaks_the_next_day()
    {
        var j = NewJurisdiction();
        await WriteRecords(j, 2, Day1);
        await WriteRecords(j, 2, Day1.AddDays(1));
        await WriteRecords(j, 2, Day1.AddDays(2));
        await _app.Services.GetRequiredService<ChainedAuditLog>().FlushAsync(CancellationToken.None);
        var blob = _app.Services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(StorageNames.Blobs.Audit)
            .GetBlobClient(ChainedAuditLog.BlobName(j, new DateOnly(2026, 11, 21)));
        await blob.DeleteAsync();
        var result = await Verify(j, "2026-11-20", "2026-11-22");
        Assert.False(result.GetProperty("intact").GetBoolean());
        Assert.Equal("2026-11-22", result.GetProperty("firstBreak").GetProperty("day").GetString());
    }

    [Fact]
    public async Task Concurrent_writers_never_fork_or_lose_the_chain()
    {
        var j = NewJurisdiction();
        _app.CreateClient().Dispose();
        // Two independent logs (as on two instances) writing at once.
        var a = _app.Services.GetRequiredService<ChainedAuditLog>();
        await using var b = ActivatorUtilities.CreateInstance<ChainedAuditLog>(_app.Services);
        var writes = Enumerable.Range(0, 30).Select(i => (i % 2 == 0 ? a : b).WriteAsync(new AuditRecord
        {
            Id = "c" + i, Jurisdiction = j, At = Day1.AddSeconds(i), UserId = "u", Action = "test.concurrent", Resource = "r/" + i, Outcome = AuditOutcome.Succeeded,
        }, CancellationToken.None));
        await Task.WhenAll(writes);
        await b.FlushAsync(CancellationToken.None);
        var result = await Verify(j, "2026-11-20", "2026-11-20");
        Assert.True(result.GetProperty("intact").GetBoolean(), result.ToString());
        Assert.Equal(30, result.GetProperty("recordsChecked").GetInt32());
        var ids = (await Lines(j, new DateOnly(2026, 11, 20))).Select(l => AuditChain.FromLine(l)!.Record.Id).ToHashSet();
        Assert.Equal(30, ids.Count);
    }

    [Fact]
    public async Task Only_auditors_and_the_authority_verify()
    {
        var steward = _app.ClientFor(DemoJurisdiction.PublicSecurity, Role.DataSteward);
        await (await steward.GetAsync("/api/audit/verify?from=2026-11-20")).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await AuditorOf("350800").GetAsync("/api/audit/verify?from=2026-11-20&to=2026-11-10")).ShouldNameField("to");
    }
}

/// <summary>An audit log that cannot write, as when the audit store is down.</summary>
internal sealed class UnwritableAuditLog : IAuditLog
{
    public Task WriteAsync(AuditRecord record, CancellationToken cancellationToken) =>
        throw new RequestFailedException(503, "audit store unavailable (test)");
    public async IAsyncEnumerable<AuditRecord> QueryAsync(AuditQuery query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        yield break;
    }
}

/// <summary>An operation whose audit record cannot be written does not happen.</summary>
public sealed class AuditFailureTests
{
    [Fact]
    public async Task Registration_is_refused_with_503_and_nothing_is_stored_when_the_audit_cannot_be_written()
    {
        await using var app = new GovDataApp { ExtraServices = s => s.AddSingleton<IAuditLog, UnwritableAuditLog>() };
        var code = "11350800MB000300" + "9";
        code += UnifiedSocialCreditCode.ComputeCheckCharacter(code);
        var response = await app.DataAuthority().PostAsJsonAsync("/api/jurisdictions/350800/departments", new { code, name = "龙岩市审计局" });
        await response.ShouldBeProblem(HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Null(await app.Services.GetRequiredService<ReferenceStore>().FindDepartmentAsync("350800", code, CancellationToken.None));
    }
}
