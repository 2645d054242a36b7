using GovData.Domain.Catalog;
using GovData.Domain.Opening;
using GovData.Domain.RuleSets;

namespace GovData.Domain.Tests.Opening;

public class OpenDatasetRulesTests
{
    private static CatalogContent Content(OpenType openType) => new()
    {
        Name = "人口",
        Code = "350800-GA-1",
        Summary = "s",
        DataItems = DesensitizationPlanTests.Items,
        SharingType = SharingType.Unconditional,
        SharingMethods = [SharingMethod.FileDownload],
        OpenType = openType,
        UpdateCycle = UpdateCycle.Monthly,
    };

    [Theory]
    [InlineData("0f8fad5bd9cb469fa16570867728950e")]
    [InlineData("entry-1_A")]
    public void Plain_ids_are_accepted(string id) => Assert.Null(OpenDatasetRules.ValidateId(id));

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("..")]
    [InlineData("../curated")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a%2Fb")]
    [InlineData("a.csv")]
    [InlineData("名")]
    [InlineData("a b")]
    public void Anything_that_could_be_read_as_a_path_is_refused(string? id) => Assert.NotNull(OpenDatasetRules.ValidateId(id));

    [Fact]
    public void An_id_longer_than_64_is_refused() => Assert.NotNull(OpenDatasetRules.ValidateId(new string('a', 65)));

    [Fact]
    public void Blob_names_follow_the_contract()
    {
        Assert.Equal("350800/e1/v000007/data.csv", OpenDatasetRules.CuratedBlob("350800", "e1", 7));
        Assert.Equal("350800/e1/v3/data.jsonl", OpenDatasetRules.OpenBlob("350800", "e1", 3, "jsonl"));
        Assert.StartsWith("staging/", OpenDatasetRules.StagingBlob("350800", "e1", "p1", "csv"));
    }

    [Fact]
    public void A_NotOpen_entry_cannot_be_configured_for_opening()
    {
        var errors = OpenDatasetRules.ValidateConfiguration(Content(OpenType.NotOpen), DesensitizationPlanTests.ValidPlan(), pseudonymSecretConfigured: true);
        Assert.Contains(errors, e => e.Field == "openType");
    }

    [Fact]
    public void A_keyed_hash_needs_the_secret_and_a_valid_plan_with_it_passes()
    {
        Assert.Empty(OpenDatasetRules.ValidateConfiguration(Content(OpenType.Unconditional), DesensitizationPlanTests.ValidPlan(), pseudonymSecretConfigured: true));
        var errors = OpenDatasetRules.ValidateConfiguration(Content(OpenType.OnApplication), DesensitizationPlanTests.ValidPlan(), pseudonymSecretConfigured: false);
        Assert.Equal("desensitization.items[1].method", Assert.Single(errors).Field);
    }

    [Fact]
    public void The_plan_must_cover_every_personal_item()
    {
        var plan = DesensitizationPlanTests.ValidPlan() with { Items = [.. DesensitizationPlanTests.ValidPlan().Items.Where(i => i.Item != "姓名")] };
        Assert.Contains(OpenDatasetRules.ValidateConfiguration(Content(OpenType.Unconditional), plan, true), e => e.Reason.Contains("姓名"));
        Assert.Contains(OpenDatasetRules.ValidateConfiguration(Content(OpenType.Unconditional), null, true), e => e.Field == "desensitization");
    }

    [Theory]
    [InlineData(PublishState.Requested, true)]
    [InlineData(PublishState.Refused, true)]
    [InlineData(PublishState.Approved, true)]
    [InlineData(PublishState.Published, false)]
    public void Only_a_request_awaiting_review_can_be_reviewed(PublishState state, bool approve) =>
        Assert.Equal("state", PublishWorkflow.CheckReview(state, approve, ["r"])?.Field);

    [Fact]
    public void A_rejection_needs_reasons_an_approval_does_not()
    {
        Assert.Null(PublishWorkflow.CheckReview(PublishState.AwaitingReview, true, null));
        Assert.Equal("reasons", PublishWorkflow.CheckReview(PublishState.AwaitingReview, false, null)?.Field);
        Assert.Equal("reasons", PublishWorkflow.CheckReview(PublishState.AwaitingReview, false, [" "])?.Field);
        Assert.Null(PublishWorkflow.CheckReview(PublishState.AwaitingReview, false, ["仍可识别个人"]));
        Assert.True(PublishWorkflow.IsFinal(PublishState.Refused) && PublishWorkflow.IsFinal(PublishState.Published) && !PublishWorkflow.IsFinal(PublishState.AwaitingReview));
    }
}

public class OpenApplicationPolicyTests
{
    private static readonly EffectiveRuleSet Longyan = RuleSetRegistry.BuiltIn().Resolve(BuiltInRuleSets.Longyan, new DateOnly(2026, 11, 24));

    [Theory]
    [InlineData(ApplicantType.DomesticEnterprise)]
    [InlineData(ApplicantType.University)]
    [InlineData(ApplicantType.ResearchInstitute)]
    public void The_types_Longyan_lists_may_apply_with_a_purpose(ApplicantType type) =>
        Assert.Null(OpenApplicationPolicy.CheckApplication(type, "研究", Longyan.OpenApplication.EligibleApplicants, "004 第十七条"));

    [Fact]
    public void Other_applicants_are_not_eligible_in_Longyan_and_the_rule_is_cited()
    {
        var error = OpenApplicationPolicy.CheckApplication(ApplicantType.Other, "研究", Longyan.OpenApplication.EligibleApplicants, "004 第十七条");
        Assert.Equal("applicantType", error?.Field);
        Assert.Contains("004 第十七条", error!.Reason);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void The_purpose_is_required(string? purpose) =>
        Assert.Equal("purpose", OpenApplicationPolicy.CheckApplication(ApplicantType.University, purpose, Longyan.OpenApplication.EligibleApplicants, "")?.Field);

    [Fact]
    public void Universities_and_research_institutes_get_the_non_profit_restriction_enterprises_do_not()
    {
        Assert.Equal(OpenApplicationPolicy.NonProfitRestriction, OpenApplicationPolicy.RestrictionFor(ApplicantType.University, Longyan.OpenApplication));
        Assert.Equal(OpenApplicationPolicy.NonProfitRestriction, OpenApplicationPolicy.RestrictionFor(ApplicantType.ResearchInstitute, Longyan.OpenApplication));
        Assert.Null(OpenApplicationPolicy.RestrictionFor(ApplicantType.DomesticEnterprise, Longyan.OpenApplication));
    }

    [Fact]
    public void The_decision_and_demand_deadlines_come_from_the_rule_set()
    {
        Assert.Equal(20, Longyan.OpenDemand.AnswerDeadline.Value.Days);
        Assert.Equal(20, Longyan.OpenApplication.Deadline.Value.Days);
    }

    [Fact]
    public void Registration_needs_a_known_type_and_a_name()
    {
        Assert.Empty(OpenApplicationPolicy.ValidateRegistration(ApplicantType.University, "龙岩学院"));
        Assert.Contains(OpenApplicationPolicy.ValidateRegistration((ApplicantType)42, "x"), e => e.Field == "type");
        Assert.Contains(OpenApplicationPolicy.ValidateRegistration(ApplicantType.Other, " "), e => e.Field == "name");
    }
}

public class OpenDemandPolicyTests
{
    [Fact]
    public void A_demand_names_what_and_whom()
    {
        Assert.Empty(OpenDemandPolicy.ValidateDemand("t", "d", null, "11350800MB0001003K"));
        Assert.Empty(OpenDemandPolicy.ValidateDemand("t", "d", "entry1", null));
        Assert.Contains(OpenDemandPolicy.ValidateDemand("t", "d", null, null), e => e.Field == "department");
        Assert.Contains(OpenDemandPolicy.ValidateDemand("", "d", "entry1", null), e => e.Field == "title");
        Assert.Contains(OpenDemandPolicy.ValidateDemand("t", null, "entry1", null), e => e.Field == "description");
        Assert.Contains(OpenDemandPolicy.ValidateDemand("t", "d", "../x", null), e => e.Field == "entryId");
        Assert.Contains(OpenDemandPolicy.ValidateDemand("t", "d", null, "11350800MB0001003X"), e => e.Field == "department");
    }

    [Fact]
    public void Declining_needs_a_reason_and_listing_needs_the_entry()
    {
        Assert.Equal("reason", OpenDemandPolicy.CheckAnswer(DemandAnswer.Declined, " ", null)?.Field);
        Assert.Null(OpenDemandPolicy.CheckAnswer(DemandAnswer.Declined, "涉及个人信息", null));
        Assert.Equal("entryId", OpenDemandPolicy.CheckAnswer(DemandAnswer.ListedForOpening, null, null)?.Field);
        Assert.Null(OpenDemandPolicy.CheckAnswer(DemandAnswer.ListedForOpening, null, "entry1"));
        Assert.Equal("answer", OpenDemandPolicy.CheckAnswer((DemandAnswer)9, "x", "e")?.Field);
    }
}
