using GovData.Domain.Aggregation;
using GovData.Domain.Catalog;

namespace GovData.Domain.Tests.Aggregation;

public class RowValidatorTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);

    private static readonly DataItem[] Items =
    [
        new() { Name = "公民身份号码", Type = DataItemType.ResidentIdNumber, Required = true, IsKey = true, IsPersonal = true },
        new() { Name = "姓名", Type = DataItemType.String, Required = true, MaxLength = 4, IsPersonal = true },
        new() { Name = "性别", Type = DataItemType.Enumeration, AllowedValues = ["男", "女"] },
        new() { Name = "登记日期", Type = DataItemType.Date, Format = "yyyyMMdd" },
    ];

    private readonly struct Row(params string[] values) : IRowValues
    {
        public ReadOnlySpan<char> this[int itemIndex] => values[itemIndex];
    }

    [Fact]
    public void Counts_each_rule_per_item_and_keeps_examples_with_row_numbers()
    {
        var validator = new RowValidator(Items, AggregationSettings.Default with { ExamplesPerRule = 2 }, Today);
        var id = ResidentIdNumberTests.Valid();
        Assert.True(validator.Validate(2, new Row(id, "张三", "男", "20240101")));
        Assert.False(validator.Validate(3, new Row(id[..17] + (id[17] == '0' ? '1' : '0'), "李四", "女", "20240101")));
        Assert.False(validator.Validate(4, new Row(ResidentIdNumberTests.Valid(sequence: "124"), "", "未知", "2024-01-01")));
        Assert.False(validator.Validate(5, new Row(ResidentIdNumberTests.Valid(sequence: "125"), "欧阳司马青", "其他", "")));
        Assert.False(validator.Validate(6, new Row(ResidentIdNumberTests.Valid(sequence: "126"), "王五", "第三", "")));

        var report = validator.Complete();
        Assert.Equal(5, report.RowsTotal);
        Assert.Equal(1, report.RowsPassed);
        Assert.Equal(4, report.RowsFailed);
        Assert.Equal(0.2, report.PassRate, 6);
        Assert.Equal(QualityDecision.Rejected, report.Decision);
        Assert.Contains(new RuleCount(QualityRule.ResidentIdNumber, "公民身份号码", 1), report.Counts);
        Assert.Contains(new RuleCount(QualityRule.Required, "姓名", 1), report.Counts);
        Assert.Contains(new RuleCount(QualityRule.MaxLength, "姓名", 1), report.Counts);
        Assert.Contains(new RuleCount(QualityRule.Enumeration, "性别", 3), report.Counts);
        Assert.Contains(new RuleCount(QualityRule.Date, "登记日期", 1), report.Counts);

        // Three enumeration failures, two examples kept: the first two rows.
        var enumeration = report.Examples.Where(e => e.Rule == QualityRule.Enumeration).ToList();
        Assert.Equal([4L, 5L], enumeration.Select(e => e.Row));
        Assert.Equal("未知", enumeration[0].Value);
        Assert.Contains("男, 女", enumeration[0].Reason);

        // Personal values are masked in examples.
        var idExample = Assert.Single(report.Examples, e => e.Rule == QualityRule.ResidentIdNumber);
        Assert.Equal(3, idExample.Row);
        Assert.StartsWith("3508", idExample.Value);
        Assert.DoesNotContain("19900307", idExample.Value);
        Assert.Contains("check character", idExample.Reason);
    }

    [Fact]
    public void Duplicate_keys_name_the_first_row()
    {
        var validator = new RowValidator(Items, AggregationSettings.Default, Today);
        var id = ResidentIdNumberTests.Valid();
        validator.Validate(2, new Row(id, "张三", "男", ""));
        validator.Validate(3, new Row(ResidentIdNumberTests.Valid(sequence: "999"), "张三", "男", ""));
        Assert.False(validator.Validate(7, new Row(" " + id + " ", "张三丰", "男", "")));
        var report = validator.Complete();
        Assert.Equal(1, report.CountOf(QualityRule.DuplicateKey));
        var example = Assert.Single(report.Examples, e => e.Rule == QualityRule.DuplicateKey);
        Assert.Equal(7, example.Row);
        Assert.Contains("as row 2", example.Reason);
    }

    [Fact]
    public void Key_items_from_settings_override_the_item_flags()
    {
        var validator = new RowValidator(Items, AggregationSettings.Default with { KeyItems = ["姓名", "性别"] }, Today);
        validator.Validate(2, new Row(ResidentIdNumberTests.Valid(sequence: "001"), "张三", "男", ""));
        Assert.True(validator.Validate(3, new Row(ResidentIdNumberTests.Valid(sequence: "002"), "张三", "女", "")));
        Assert.False(validator.Validate(4, new Row(ResidentIdNumberTests.Valid(sequence: "003"), "张三", "男", "")));
        // "ab"+"c" and "a"+"bc" are different keys.
        var split = new RowValidator([new DataItem { Name = "a", Type = DataItemType.String, IsKey = true }, new DataItem { Name = "b", Type = DataItemType.String, IsKey = true }], AggregationSettings.Default, Today);
        split.Validate(2, new Row("ab", "c"));
        Assert.True(split.Validate(3, new Row("a", "bc")));
    }

    [Fact]
    public void Malformed_rows_count_as_failed_row_level()
    {
        var validator = new RowValidator(Items, AggregationSettings.Default, Today);
        validator.Malformed(9, "has 3 fields, the header has 4");
        var report = validator.Complete();
        Assert.Equal(1, report.RowsFailed);
        var example = Assert.Single(report.Examples);
        Assert.Null(example.Item);
        Assert.Equal(9, example.Row);
    }

    [Fact]
    public void Settings_are_validated_against_the_items()
    {
        var errors = (AggregationSettings.Default with { MaxFailedRowRatio = 1.5, KeyItems = ["姓名", "电话"] }).Validate(Items);
        Assert.Contains(errors, e => e.Field == "aggregation.maxFailedRowRatio");
        Assert.Contains(errors, e => e.Field == "aggregation.keyItems[1]");
        Assert.Empty(AggregationSettings.Default.Validate(Items));
    }
}
