using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GovData.Domain.Audit;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Aggregation;
using GovData.Functions.Audit;
using GovData.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static GovData.Functions.Tests.Aggregation.SubmissionFiles;

namespace GovData.Functions.Tests.Aggregation;

/// <summary>Version removal (000 第四十一条): the owning department asks, the data authority decides; removed versions stay listed and their blobs stay.</summary>
public sealed class VersionRemovalApiTests(GovDataApp app) : IClassFixture<GovDataApp>
{
    private readonly AggregationApi _api = new(app);

    private async Task<string> EntryWithVersionsAsync(int count)
    {
        var entryId = await _api.PublishPeopleAsync();
        for (var v = 1; v <= count; v++)
        {
            var status = await _api.SubmitAsync(entryId, Encoding.UTF8.GetBytes(Csv(10, n => Row(n, name: "张" + v))));
            Assert.Equal(v, status.GetProperty("version").GetInt32());
        }
        return entryId;
    }

    private Task<HttpResponseMessage> RequestAsync(string entryId, int version, string? reason = "数据来源错误，误报了测试数据", HttpClient? client = null) =>
        (client ?? _api.Steward).PostAsJsonAsync($"/api/aggregation/entries/{entryId}/versions/{version}/removal-requests", new { reason });

    private Task<HttpResponseMessage> DecideAsync(string id, string decision, string? reason = "核实无误", HttpClient? client = null) =>
        (client ?? app.DataAuthority()).PostAsJsonAsync($"/api/aggregation/removal-requests/{id}/decision", new { decision, reason });

    private async Task<JsonElement> ListAsync(string entryId) =>
        await (await _api.Steward.GetAsync($"/api/aggregation/entries/{entryId}/versions")).ShouldBe(HttpStatusCode.OK);

    // The API leaves null fields out.
    private static void AssertAbsent(JsonElement e, string name) =>
        Assert.True(!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null, name + " should be absent");

    // The user id GovDataApp.TokenFor gives a department's client.
    private static string UserOf(Department unit, Role role) => $"user-{unit.Code[^4..]}-{role}";

    private async Task<List<AuditRecord>> AuditAsync(string resource)
    {
        var records = new List<AuditRecord>();
        await foreach (var r in app.Services.GetRequiredService<IAuditLog>().QueryAsync(
            new AuditQuery("350800", GovDataApp.DefaultNow.AddDays(-1), app.Time.GetUtcNow().AddDays(1)) { ResourcePrefix = resource }, CancellationToken.None))
            records.Add(r);
        return records;
    }

    [Fact]
    public async Task An_approved_removal_marks_the_version_removed_keeps_its_blobs_and_the_previous_version_becomes_current()
    {
        var entryId = await EntryWithVersionsAsync(2);
        Assert.Equal(2, (await ListAsync(entryId)).GetProperty("current").GetInt32());

        var requested = await (await RequestAsync(entryId, 2)).ShouldBe(HttpStatusCode.Created);
        var id = requested.GetProperty("id").GetString()!;
        Assert.Equal("Pending", requested.GetProperty("state").GetString());
        await (await RequestAsync(entryId, 2, "再次申请")).ShouldBeProblem(HttpStatusCode.Conflict);

        // Pending: nothing changes yet but the marker.
        var pending = await ListAsync(entryId);
        Assert.Equal(2, pending.GetProperty("current").GetInt32());
        Assert.Equal(id, pending.GetProperty("items")[1].GetProperty("pendingRemovalRequestId").GetString());
        var queue = await (await app.DataAuthority().GetAsync("/api/aggregation/removal-requests")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains(queue.GetProperty("items").EnumerateArray(), r => r.GetProperty("id").GetString() == id);

        var decided = await (await DecideAsync(id, "Approve", "确认为误报数据，同意撤除")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("Approved", decided.GetProperty("state").GetString());
        Assert.Equal("Removed", decided.GetProperty("versionState").GetString());
        await (await DecideAsync(id, "Refuse", "改变主意")).ShouldBeProblem(HttpStatusCode.Conflict);

        var list = await ListAsync(entryId);
        Assert.Equal(1, list.GetProperty("current").GetInt32());
        var items = list.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        Assert.Equal("Available", items[0].GetProperty("state").GetString());
        var removed = items[1];
        Assert.Equal("Removed", removed.GetProperty("state").GetString());
        var removal = removed.GetProperty("removal");
        Assert.Equal(id, removal.GetProperty("requestId").GetString());
        Assert.Equal("数据来源错误，误报了测试数据", removal.GetProperty("reason").GetString());
        Assert.Equal("确认为误报数据，同意撤除", removal.GetProperty("approvalReason").GetString());
        Assert.Equal(UserOf(DemoJurisdiction.PublicSecurity, Role.DataSteward), removal.GetProperty("requestedBy").GetString());
        Assert.Equal(UserOf(DemoJurisdiction.DataAuthority, Role.DataAuthority), removal.GetProperty("approvedBy").GetString());
        Assert.Equal(app.Time.GetUtcNow(), removal.GetProperty("removedAt").GetDateTimeOffset());
        AssertAbsent(removed, "pendingRemovalRequestId");

        // The curated blobs are immutable: removal does not delete or change them.
        foreach (var blob in new[] { CuratedLayout.DataBlob("350800", entryId, 2), CuratedLayout.LineageBlob("350800", entryId, 2), CuratedLayout.ReportBlob("350800", entryId, 2) })
            Assert.True((await _api.Curated.GetBlobClient(blob).ExistsAsync()).Value, blob);

        // Removed once; a removed version is not reported as an error target, and its number is never given again.
        await (await RequestAsync(entryId, 2)).ShouldBeProblem(HttpStatusCode.Conflict);
        var third = await _api.SubmitAsync(entryId, Encoding.UTF8.GetBytes(Csv(10)));
        Assert.Equal(3, third.GetProperty("version").GetInt32());
        Assert.Equal(3, (await ListAsync(entryId)).GetProperty("current").GetInt32());

        // Every step is audited, refusals included.
        var audit = await AuditAsync($"aggregation/350800/removal-requests/{id}");
        Assert.Contains(audit, r => r.Action == "aggregation.version.removal.request" && r.Outcome == AuditOutcome.Succeeded);
        Assert.Contains(audit, r => r.Action == "aggregation.version.removal.decide" && r.Outcome == AuditOutcome.Succeeded && r.Reason == "确认为误报数据，同意撤除");
        Assert.Contains(audit, r => r.Action == "aggregation.version.removal.decide" && r.Outcome == AuditOutcome.Refused);
        var versionAudit = await AuditAsync($"aggregation/350800/entries/{entryId}/versions/2");
        Assert.Equal(2, versionAudit.Count(r => r.Action == "aggregation.version.removal.request" && r.Outcome == AuditOutcome.Refused));
    }

    [Fact]
    public async Task A_refused_request_keeps_the_version_and_a_new_request_may_follow()
    {
        var entryId = await EntryWithVersionsAsync(1);
        var id = (await (await RequestAsync(entryId, 1)).ShouldBe(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var refused = await (await DecideAsync(id, "Refuse", "理由不充分")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("Refused", refused.GetProperty("state").GetString());
        Assert.Equal("Available", refused.GetProperty("versionState").GetString());

        var list = await ListAsync(entryId);
        Assert.Equal(1, list.GetProperty("current").GetInt32());
        var version = list.GetProperty("items")[0];
        Assert.Equal("Available", version.GetProperty("state").GetString());
        AssertAbsent(version, "removal");
        AssertAbsent(version, "pendingRemovalRequestId");

        // The department sees the decision; another department does not see the request at all.
        var seen = await (await _api.Steward.GetAsync(RemovalRequestView.UrlOf(id))).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("理由不充分", seen.GetProperty("decisionReason").GetString());
        await (await _api.OtherSteward.GetAsync(RemovalRequestView.UrlOf(id))).ShouldBeProblem(HttpStatusCode.NotFound);

        await (await RequestAsync(entryId, 1, "补充了证明材料")).ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Bad_requests_are_refused_and_only_the_data_authority_decides()
    {
        var entryId = await EntryWithVersionsAsync(1);
        await (await RequestAsync(entryId, 2)).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await RequestAsync(entryId, 0)).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await RequestAsync(entryId, 1, client: _api.OtherSteward)).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await RequestAsync("no-such-entry", 1)).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await RequestAsync(entryId, 1, "  ")).ShouldNameField("reason");
        await (await RequestAsync(entryId, 1, null)).ShouldNameField("reason");
        await (await RequestAsync(entryId, 1, client: app.DataAuthority())).ShouldBeProblem(HttpStatusCode.Forbidden);

        var id = (await (await RequestAsync(entryId, 1)).ShouldBe(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        await (await DecideAsync(id, "Approve", client: _api.Steward)).ShouldBeProblem(HttpStatusCode.Forbidden);
        // A data authority role held inside the requesting department does not let it approve its own request.
        await (await DecideAsync(id, "Approve", client: app.ClientFor(DemoJurisdiction.PublicSecurity, Role.DataAuthority))).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await DecideAsync(id, "Approve", "")).ShouldNameField("reason");
        await (await DecideAsync("no-such-request", "Approve")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await app.DataAuthority().PostAsJsonAsync($"/api/aggregation/removal-requests/{id}/decision", new { decision = "Delete", reason = "x" })).ShouldBe(HttpStatusCode.BadRequest);
        var stillPending = await (await app.DataAuthority().GetAsync(RemovalRequestView.UrlOf(id))).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("Pending", stillPending.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Concurrent_requests_and_decisions_have_exactly_one_winner()
    {
        var entryId = await EntryWithVersionsAsync(1);
        var requests = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => RequestAsync(entryId, 1, "并发申请 " + i)));
        Assert.Single(requests, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(requests.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        var id = (await requests.Single(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(HttpStatusCode.Created)).GetProperty("id").GetString()!;

        var decisions = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => DecideAsync(id, i % 2 == 0 ? "Approve" : "Refuse", "决定 " + i)));
        var winner = Assert.Single(decisions, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(decisions.Where(r => r != winner), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        var outcome = (await winner.ShouldBe(HttpStatusCode.OK)).GetProperty("state").GetString();

        // The version reflects the winning decision and nothing else.
        var version = (await ListAsync(entryId)).GetProperty("items")[0];
        Assert.Equal(outcome == "Approved" ? "Removed" : "Available", version.GetProperty("state").GetString());
        AssertAbsent(version, "pendingRemovalRequestId");
    }
    [Fact]
    public async Task A_marker_without_its_request_blocks_for_a_minute_then_is_ignored()
    {
        var entryId = await EntryWithVersionsAsync(1);
        var store = app.Services.GetRequiredService<AggregationStore>();
        var doc = (await store.FindVersionAsync("350800", entryId, 1, CancellationToken.None))!;
        // As if a request crashed between marking the version and storing the request document.
        await store.TryReplaceVersionAsync(doc with { PendingRemovalRequestId = "lost", PendingRemovalSince = app.Time.GetUtcNow() }, doc.ETag!, CancellationToken.None);
        await (await RequestAsync(entryId, 1)).ShouldBeProblem(HttpStatusCode.Conflict);
        app.Time.Advance(TimeSpan.FromMinutes(2));
        await (await RequestAsync(entryId, 1)).ShouldBe(HttpStatusCode.Created);
    }
}
