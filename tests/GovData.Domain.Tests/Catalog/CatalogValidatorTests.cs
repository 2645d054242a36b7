using GovData.Domain.Catalog;
using static GovData.Domain.Tests.Catalog.CatalogSamples;

namespace GovData.Domain.Tests.Catalog;

public sealed class CatalogValidatorTests
{
    private static IReadOnlyList<ValidationError> Errors(CatalogContent c) => CatalogValidator.Validate(c);

    [Fact]
    public void A_complete_entry_is_valid() => Assert.Empty(Errors(Content()));

    [Theory]
    [InlineData(SharingType.Conditional)]
    [InlineData(SharingType.NotShared)]
    public void Conditional_and_NotShared_need_a_legal_basis_with_the_articles(SharingType type)
    {
        var e = Assert.Single(Errors(Content() with { SharingType = type, LegalBasis = " ", SharingMethods = [SharingMethod.Api] }), x => x.Field == "legalBasis");
        Assert.Contains("001 第八条", e.Reason);
    }

    [Fact]
    public void Unconditional_needs_no_legal_basis() =>
        Assert.Empty(Errors(Content() with { SharingType = SharingType.Unconditional, LegalBasis = null, SharingConditions = null }));

    [Fact]
    public void Conditional_needs_its_conditions() =>
        Assert.Contains(Errors(Content() with { SharingConditions = null }), e => e.Field == "sharingConditions");

    [Theory]
    [InlineData(UpdateCycle.RealTime, true)]
    [InlineData(UpdateCycle.Daily, true)]
    [InlineData(UpdateCycle.Weekly, true)]
    [InlineData(UpdateCycle.Monthly, false)]
    [InlineData(UpdateCycle.Irregular, false)]
    public void Frequently_updated_data_must_offer_the_api(UpdateCycle cycle, bool needsApi)
    {
        var errors = Errors(Content() with { UpdateCycle = cycle, SharingMethods = [SharingMethod.FileDownload] });
        Assert.Equal(needsApi, errors.Any(e => e.Field == "sharingMethods" && e.Reason.Contains("001 第十五条")));
    }

    [Fact]
    public void OnApplication_opening_needs_open_conditions() =>
        Assert.Contains(Errors(Content() with { OpenType = OpenType.OnApplication }), e => e.Field == "openConditions");

    [Theory]
    [InlineData("ab")]
    [InlineData("350800_GA")]
    [InlineData("-ABC")]
    [InlineData("350800-ga-1")]
    public void Bad_codes_are_refused(string code) => Assert.Contains(Errors(Content(code)), e => e.Field == "code");

    [Fact]
    public void Over_long_fields_and_duplicate_items_are_named()
    {
        var c = Content() with
        {
            Name = new string('名', CatalogValidator.MaxName + 1),
            DataItems = [new DataItem { Name = "姓名", Type = DataItemType.String }, new DataItem { Name = "姓名", Type = DataItemType.String }],
        };
        var errors = Errors(c);
        Assert.Contains(errors, e => e.Field == "name" && e.Reason.Contains("at most 100"));
        Assert.Contains(errors, e => e.Field == "dataItems[1].name");
    }

    [Fact]
    public void An_entry_needs_data_items() => Assert.Contains(Errors(Content() with { DataItems = [] }), e => e.Field == "dataItems");
}
