using GovData.Domain.Catalog;
using static GovData.Domain.Tests.Catalog.CatalogSamples;

namespace GovData.Domain.Tests.Catalog;

public sealed class DuplicateAndItemsTextTests
{
    [Fact]
    public void Same_items_of_another_department_are_flagged_with_the_other_entry_named()
    {
        var key = DuplicateCheck.KeyOf(Content().DataItems);
        var reordered = DuplicateCheck.KeyOf([new DataItem { Name = " 公民身份号码", Type = DataItemType.String }, new DataItem { Name = "姓名", Type = DataItemType.String }]);
        Assert.Equal(key, reordered);
        var existing = new[]
        {
            new CatalogedItems("other", "350800-SC-0001", "人员信息", Market, key),
            new CatalogedItems("own", "350800-GA-0009", "人口", Police, key),
            new CatalogedItems("diff", "350800-SC-0002", "企业", Market, "x"),
        };
        var w = Assert.Single(DuplicateCheck.Find("new", Police, key, existing));
        Assert.Equal("350800-SC-0001", w.Code);
        Assert.Contains("350800-SC-0001", w.Message);
        Assert.Contains("一数一源", w.Message);
    }

    [Fact]
    public void The_compact_item_form_round_trips()
    {
        var items = new[]
        {
            new DataItem { Name = "姓名", Type = DataItemType.String, Required = true, IsPersonal = true },
            new DataItem { Name = "出生日期", Type = DataItemType.Date, Format = "yyyyMMdd" },
            new DataItem { Name = "性别", Type = DataItemType.Enumeration, IsKey = true, IsSensitive = true, AllowedValues = ["男", "女"] },
        };
        var text = DataItemsText.Format(items);
        Assert.Equal("姓名|String||RP;出生日期|Date|yyyyMMdd;性别|Enumeration||KS|男/女", text);
        var (parsed, problems) = DataItemsText.Parse(text);
        Assert.Empty(problems);
        Assert.Equal(text, DataItemsText.Format(parsed));
    }

    [Theory]
    [InlineData("姓名", "write name|type")]
    [InlineData("姓名|Text", "type must be one of")]
    [InlineData("姓名|String||X", "flags")]
    [InlineData("姓名|1", "type must be one of")]
    public void Bad_item_text_is_explained(string text, string expected) =>
        Assert.Contains(expected, Assert.Single(DataItemsText.Parse(text).Problems));
}
