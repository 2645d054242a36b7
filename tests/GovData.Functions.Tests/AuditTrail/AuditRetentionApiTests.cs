using System.Net;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace GovData.Functions.Tests.AuditTrail;

/// <summary>
/// Retention per rule set (audit.retention): the trail reports it with its article, and an app told that the audit
/// container's WORM period is shorter than the longest retention refuses to start.
/// </summary>
public sealed class AuditRetentionApiTests
{
    [Fact]
    public async Task Longyan_keeps_records_3_years_and_a_policy_of_1096_days_is_sufficient()
    {
        await using var app = new GovDataApp { Settings = { ["Audit:ImmutabilityPeriodDays"] = "1096" } };
        var body = await (await app.ClientFor(DemoJurisdiction.DataAuthority, Role.Auditor).GetAsync("/api/audit/retention")).ShouldBe(HttpStatusCode.OK);
        // Longyan's own rule says 6 months (004 第二十四条); Fujian's 3 years (000 第三十九条) is the minimum it inherits.
        Assert.Equal(36, body.GetProperty("retentionMonths").GetInt32());
        Assert.Contains("第三十九条", body.GetProperty("retentionRule").GetString());
        Assert.Equal("2029-11-24", body.GetProperty("keptUntilAtLeast").GetString());
        Assert.Equal(1096, body.GetProperty("requiredImmutabilityDays").GetInt32());
        Assert.Equal(1096, body.GetProperty("immutabilityPeriodDays").GetInt32());
        Assert.True(body.GetProperty("sufficient").GetBoolean());
        await (await app.ClientFor(DemoJurisdiction.PublicSecurity, Role.DataSteward).GetAsync("/api/audit/retention")).ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public void An_app_whose_WORM_period_is_shorter_than_the_longest_retention_refuses_to_start()
    {
        // 1095 days (3 x 365) misses the day a 29 February adds to three years.
        using var app = new GovDataApp { Settings = { ["Audit:ImmutabilityPeriodDays"] = "1095" } };
        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        var validation = error as OptionsValidationException ?? Assert.IsType<OptionsValidationException>(error.InnerException ?? error.GetBaseException());
        Assert.Contains("1096", validation.Message);
    }
}
