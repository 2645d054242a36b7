using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GovData.Domain.Audit;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Aggregation;
using GovData.Functions.Tests.Catalog;
using GovData.Functions.Tests.Infrastructure;
using GovData.Functions.Tests.Sharing;
using GovData.Functions.Triggers;
using Microsoft.Extensions.DependencyInjection;
using static GovData.Functions.Tests.Aggregation.SubmissionFiles;

namespace GovData.Functions.Tests.Aggregation;

/// <summary>Every audit record of an error report names the providing department as DataOwner, so it reads every use of its data (000 第三十九条).</summary>
public sealed class ErrorFeedbackAuditTests(GovDataApp app) : IClassFixture<GovDataApp>
{
    private readonly AggregationApi _api = new(app);

    private async Task<string> PublishAsync(string sharingType)
    {
        var body = JsonSerializer.SerializeToNode(AggregationApi.PeopleBody(CatalogApi.NewCode("FA")))!.AsObject();
        body["sharingType"] = sharingType;
        if (sharingType == "Unconditional") { body.Remove("sharingConditions"); body.Remove("legalBasis"); }
        return await _api.Catalog.PublishAsync(body);
    }

    [Fact]
    public async Task Report_read_answer_refusal_and_finding_records_carry_the_entrys_department_as_DataOwner()
    {
        var owner = DemoJurisdiction.PublicSecurity.Code;
        var entryId = await PublishAsync("Unconditional");
        await _api.SubmitAsync(entryId, Encoding.UTF8.GetBytes(Csv(5)));
        var url = $"/api/aggregation/entries/{entryId}/feedback";
        var answered = (await (await _api.OtherSteward.PostAsJsonAsync(url, new { description = "姓名错误", version = 1, row = 2 })).ShouldBe(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        await (await _api.OtherSteward.GetAsync($"/api/aggregation/feedback/{answered}")).ShouldBe(HttpStatusCode.OK);
        await (await _api.Steward.PostAsJsonAsync($"/api/aggregation/feedback/{answered}/answer", new { outcome = "Explained", answer = "数据无误" })).ShouldBe(HttpStatusCode.OK);
        var overdue = (await (await _api.OtherSteward.PostAsJsonAsync(url, new { description = "性别错误", row = 3 })).ShouldBe(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var conditional = await PublishAsync("Conditional");
        await (await _api.OtherSteward.PostAsJsonAsync($"/api/aggregation/entries/{conditional}/feedback", new { description = "x", row = 2 })).ShouldBeProblem(HttpStatusCode.Forbidden);

        // The unanswered report passes its deadline: the finding's system record names the owner too.
        app.Time.SetUtcNow(new DateTimeOffset(2026, 12, 9, 9, 0, 0, TimeSpan.FromHours(8)));
        await app.SettleDeadlinesAsync();

        var sharedData = new SharedDataApi(app);
        var records = (await sharedData.AuditAsync("350800", "aggregation/350800/feedback/"))
            .Where(r => r.Action.StartsWith("aggregation.feedback.", StringComparison.Ordinal))
            .Where(r => r.Resource.EndsWith(answered, StringComparison.Ordinal) || r.Resource.EndsWith(overdue, StringComparison.Ordinal)).ToList();
        Assert.Equal(["aggregation.feedback.answer", "aggregation.feedback.finding", "aggregation.feedback.read", "aggregation.feedback.report"],
            records.Select(r => r.Action).Distinct().Order(StringComparer.Ordinal));
        Assert.All(records, r => Assert.Equal(owner, r.DataOwner));
        var refused = Assert.Single(await sharedData.AuditAsync("350800", $"aggregation/350800/entries/{conditional}"),
            r => r.Action == "aggregation.feedback.report" && r.Outcome == AuditOutcome.Refused);
        Assert.Equal(owner, refused.DataOwner);
        // The owner finds them all by asking for uses of its data.
        var mine = new List<AuditRecord>();
        await foreach (var r in app.Services.GetRequiredService<Functions.Audit.IAuditLog>().QueryAsync(
            new Functions.Audit.AuditQuery("350800", SharingApiTimes.Start, app.Time.GetUtcNow().AddMinutes(1)) { DataOwner = owner, Limit = 5000 }, CancellationToken.None))
            mine.Add(r);
        // (The audit trail is shared with the other test classes' apps: only this test's reports and entry count.)
        Assert.Equal(records.Count + 1, mine.Count(r => r.Action.StartsWith("aggregation.feedback.", StringComparison.Ordinal)
            && (r.Resource.EndsWith(answered, StringComparison.Ordinal) || r.Resource.EndsWith(overdue, StringComparison.Ordinal) || r.Resource.EndsWith(conditional, StringComparison.Ordinal))));
    }
}
