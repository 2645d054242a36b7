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
    private static readonly EffectiveRuleSet Dongying = RuleSetRegistry.BuiltIn().Resolve(BuiltInRuleSets.Dongying, new DateOnly(2026, 11, 24));

    private static ValidationError? Check(ApplicantType type, IntendedUse? use, string? purpose, EffectiveRuleSet? rules = null)
    {
        var r = rules ?? Longyan;
        return OpenApplicationPolicy.CheckApplication(type, use, purpose, r.OpenApplication, x => r.Cite(x).ToString());
    }

    private static string Code(string first17) => first17 + Identifiers.UnifiedSocialCreditCode.ComputeCheckCharacter(first17);

    [Theory]
    [InlineData(ApplicantType.DomesticEnterprise)]
    [InlineData(ApplicantType.University)]
    [InlineData(ApplicantType.ResearchInstitute)]
    public void The_types_Longyan_lists_may_apply_for_research_with_a_purpose(ApplicantType type) =>
        Assert.Null(Check(type, IntendedUse.Research, "研究"));

    [Fact]
    [Trait("Rule", "openApplication.eligibleApplicants")]
    public void Other_applicants_are_not_eligible_in_Longyan_and_the_rule_is_cited_but_are_in_Dongying()
    {
        var error = Check(ApplicantType.Other, IntendedUse.Research, "研究");
        Assert.Equal("applicantType", error?.Field);
        Assert.Contains("004 第十七条", error!.Reason);
        Assert.Null(Check(ApplicantType.Other, IntendedUse.Commercial, "产品研发", Dongying));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void The_purpose_is_required(string? purpose) =>
        Assert.Equal("purpose", Check(ApplicantType.University, IntendedUse.Research, purpose)?.Field);

    [Fact]
    [Trait("Rule", "openApplication.academicNonProfitOnly")]
    public void The_intended_use_is_required_and_a_university_or_institute_may_not_apply_for_commercial_use_where_the_rule_says_so()
    {
        Assert.Equal("use", Check(ApplicantType.University, null, "研究")?.Field);
        Assert.Equal("use", Check(ApplicantType.University, (IntendedUse)42, "研究")?.Field);
        foreach (var academic in new[] { ApplicantType.University, ApplicantType.ResearchInstitute })
        {
            var error = Check(academic, IntendedUse.Commercial, "开发商业数据产品");
            Assert.Equal("use", error?.Field);
            Assert.Contains("004 第十八条", error!.Reason);
            foreach (var use in new[] { IntendedUse.Research, IntendedUse.Education, IntendedUse.PublicInterest })
                Assert.Null(Check(academic, use, "人口流动研究"));
        }
        // Enterprises may; and Dongying, whose text does not restrict universities (academicNonProfitOnly no), lets them too.
        Assert.Null(Check(ApplicantType.DomesticEnterprise, IntendedUse.Commercial, "产品研发"));
        Assert.Null(Check(ApplicantType.University, IntendedUse.Commercial, "校办企业产品研发", Dongying));
        Assert.Equal("商业（营利）", OpenApplicationPolicy.LabelOf(IntendedUse.Commercial));
    }

    [Theory]
    // GB 32100: character 1 is the registration authority, 2 the organisation type.
    [InlineData("91350800MA2Y0ABC1", ApplicantType.University, VerificationState.Rejected)]          // 工商 企业
    [InlineData("91350800MA2Y0ABC1", ApplicantType.ResearchInstitute, VerificationState.Rejected)]
    [InlineData("92350800MA2Y0ABC1", ApplicantType.DomesticEnterprise, VerificationState.Rejected)]  // 个体工商户: not a legal-person enterprise
    [InlineData("11350800MB0001001", ApplicantType.University, VerificationState.Rejected)]          // 机关
    [InlineData("12350800MB0001006", ApplicantType.DomesticEnterprise, VerificationState.Rejected)]  // 事业单位
    [InlineData("12350800MB0001006", ApplicantType.University, VerificationState.Required)]          // a 事业单位, but which?
    [InlineData("52350800MJ0001007", ApplicantType.University, VerificationState.Required)]          // 民办非企业单位 (民办高校)
    [InlineData("12350800MB0001008", ApplicantType.ResearchInstitute, VerificationState.Required)]
    [InlineData("91350800MA2Y0ABC1", ApplicantType.DomesticEnterprise, VerificationState.Required)]  // an enterprise; 内资控股 is not in the code
    [InlineData("91350800MA2Y0ABC1", ApplicantType.Other, VerificationState.NotNeeded)]
    public void The_declared_type_is_checked_against_the_unified_social_credit_code(string first17, ApplicantType type, VerificationState expected)
    {
        var check = ApplicantTypeRules.Check(Code(first17), type);
        Assert.Equal(expected, check.State);
        Assert.Contains("统一社会信用代码", check.Evidence);
        var errors = OpenApplicationPolicy.ValidateRegistration(Code(first17), type, "某单位");
        Assert.Equal(expected == VerificationState.Rejected, errors.Any(e => e.Field == "type"));
    }

    [Fact]
    public void A_type_the_code_cannot_decide_is_verified_by_the_DataAuthority_before_a_first_grant()
    {
        var university = new OpenApplicant(Code("12350800MB0001006"), "350800", ApplicantType.University, "龙岩学院", "prof-li", DateTimeOffset.UnixEpoch,
            ApplicantTypeRules.Check(Code("12350800MB0001006"), ApplicantType.University));
        Assert.Contains("verify the applicant first", OpenApplicationPolicy.CheckGrant(university));
        Assert.Equal("reasons", ApplicantTypeRules.Verify(university, true, [], "authority", DateTimeOffset.UnixEpoch).Error?.Field);
        var (verified, _) = ApplicantTypeRules.Verify(university, true, ["核对了事业单位法人证书与教育部高校名单"], "authority", DateTimeOffset.UnixEpoch);
        Assert.Equal(VerificationState.Verified, verified!.Verification!.State);
        Assert.Null(OpenApplicationPolicy.CheckGrant(verified));
        var (rejected, _) = ApplicantTypeRules.Verify(university, false, ["该单位为医院，不是高校"], "authority", DateTimeOffset.UnixEpoch);
        Assert.Contains("医院", OpenApplicationPolicy.CheckGrant(rejected!));
        // A registration stored before the check existed is read as the code says.
        Assert.Equal(VerificationState.Required, ApplicantTypeRules.VerificationOf(university with { Verification = null }).State);
        var other = university with { Type = ApplicantType.Other, Verification = null };
        Assert.Null(OpenApplicationPolicy.CheckGrant(other));
        Assert.Equal("verified", ApplicantTypeRules.Verify(other, true, ["x"], "a", DateTimeOffset.UnixEpoch).Error?.Field);
    }

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
        var code = Code("12350800MB0001006");
        Assert.Empty(OpenApplicationPolicy.ValidateRegistration(code, ApplicantType.University, "龙岩学院"));
        Assert.Contains(OpenApplicationPolicy.ValidateRegistration(code, (ApplicantType)42, "x"), e => e.Field == "type");
        Assert.Contains(OpenApplicationPolicy.ValidateRegistration(code, ApplicantType.Other, " "), e => e.Field == "name");
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
