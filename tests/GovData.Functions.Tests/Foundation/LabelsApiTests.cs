using System.Net;
using System.Text.Json;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Domain.Labels;
using GovData.Functions.Audit;
using GovData.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GovData.Functions.Tests.Foundation;

/// <summary>The API reports the Chinese label of every enumeration value beside its English name (GET /api/labels).</summary>
public sealed class LabelsApiTests(GovDataApp app) : IClassFixture<GovDataApp>
{
    [Fact]
    public async Task Every_enumeration_comes_with_its_Chinese_labels_to_a_signed_in_caller_and_the_read_is_audited()
    {
        await (await app.CreateClient().GetAsync("/api/labels")).ShouldBeProblem(HttpStatusCode.Unauthorized);

        var body = await (await app.ClientFor(DemoJurisdiction.PublicSecurity, Role.DataSteward).GetAsync("/api/labels")).ShouldBe(HttpStatusCode.OK);
        var enumerations = body.EnumerateArray().ToDictionary(e => e.GetProperty("enumeration").GetString()!, e => e.GetProperty("values"));
        Assert.Equal(ZhLabels.Types.Select(t => t.Name).Order(StringComparer.Ordinal), enumerations.Keys.Order(StringComparer.Ordinal));
        string Label(string enumeration, string name) =>
            enumerations[enumeration].EnumerateArray().Single(v => v.GetProperty("name").GetString() == name).GetProperty("label").GetString()!;
        Assert.Equal("无条件共享", Label("SharingType", "Unconditional"));
        Assert.Equal("数据专管员", Label("Role", "DataSteward"));
        Assert.Equal("不予共享（已拒绝）", Label("ShareRequestState", "Refused"));
        // Every value of every enumeration has its label, in the enumeration's order.
        foreach (var type in ZhLabels.Types)
            Assert.Equal(Enum.GetNames(type), enumerations[type.Name].EnumerateArray().Select(v => v.GetProperty("name").GetString()));

        var now = app.Time.GetUtcNow();
        var records = new List<Domain.Audit.AuditRecord>();
        await foreach (var r in app.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery(DemoJurisdiction.Longyan.Code, now.AddHours(-1), now.AddHours(1))
            { ResourcePrefix = "labels", Limit = int.MaxValue }, CancellationToken.None))
            records.Add(r);
        Assert.Contains(records, r => r.Action == "reference.labels.read");
    }
}
