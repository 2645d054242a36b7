using System.Text;
using GovData.Domain.Catalog;
using GovData.Domain.Opening;

namespace GovData.Domain.Tests.Opening;

public class DesensitizationPlanTests
{
    internal static readonly DataItem[] Items =
    [
        new() { Name = "姓名", Type = DataItemType.String, IsPersonal = true },
        new() { Name = "公民身份号码", Type = DataItemType.ResidentIdNumber, IsPersonal = true },
        new() { Name = "出生日期", Type = DataItemType.Date, IsPersonal = true },
        new() { Name = "地址", Type = DataItemType.String, IsPersonal = true },
        new() { Name = "单位名称", Type = DataItemType.String },
        new() { Name = "银行卡号", Type = DataItemType.String, IsSensitive = true },
        new() { Name = "备注", Type = DataItemType.String },
    ];

    internal static DesensitizationPlan ValidPlan() => new()
    {
        Items =
        [
            new() { Item = "姓名", Method = DesensitizationMethod.Mask, Mask = MaskStyle.PersonalName },
            new() { Item = "公民身份号码", Method = DesensitizationMethod.KeyedHash },
            new() { Item = "出生日期", Method = DesensitizationMethod.Generalize, Generalization = Generalization.Year },
            new() { Item = "地址", Method = DesensitizationMethod.Generalize, Generalization = Generalization.District },
            new() { Item = "单位名称", Method = DesensitizationMethod.None },
            new() { Item = "银行卡号", Method = DesensitizationMethod.Drop },
            new() { Item = "备注", Method = DesensitizationMethod.Mask, Mask = MaskStyle.FreeText },
        ],
    };

    [Fact]
    public void A_complete_plan_is_valid() => Assert.Empty(ValidPlan().Validate(Items));

    [Fact]
    public void Personal_and_sensitive_items_need_a_strategy_other_than_none()
    {
        var plan = ValidPlan() with
        {
            Items = [.. ValidPlan().Items.Select(s => s.Item is "姓名" or "银行卡号" ? s with { Method = DesensitizationMethod.None, Mask = null } : s)],
        };
        var errors = plan.Validate(Items);
        Assert.Equal(["desensitization.items[0].method", "desensitization.items[5].method"], errors.Select(e => e.Field));
        Assert.Contains("第二十九条", errors[0].Reason);
    }

    [Fact]
    public void Every_item_needs_exactly_one_strategy_and_unknown_items_are_refused()
    {
        var plan = new DesensitizationPlan
        {
            Items = [.. ValidPlan().Items.Where(s => s.Item != "备注"), new() { Item = "姓名", Method = DesensitizationMethod.Drop }, new() { Item = "籍贯", Method = DesensitizationMethod.Drop }],
        };
        var errors = plan.Validate(Items);
        Assert.Contains(errors, e => e.Field == "desensitization.items[6].item" && e.Reason.Contains("more than one"));
        Assert.Contains(errors, e => e.Field == "desensitization.items[7].item" && e.Reason.Contains("not a data item"));
        Assert.Contains(errors, e => e.Field == "desensitization.items" && e.Reason.Contains("'备注' has no strategy"));
    }

    [Fact]
    public void Parameters_must_fit_the_method_and_the_item_type()
    {
        var plan = new DesensitizationPlan
        {
            Items =
            [
                new() { Item = "姓名", Method = DesensitizationMethod.Mask },
                new() { Item = "公民身份号码", Method = DesensitizationMethod.Mask, Mask = MaskStyle.KeepEnds, KeepFirst = 6 },
                new() { Item = "出生日期", Method = DesensitizationMethod.Generalize, Generalization = Generalization.District },
                new() { Item = "地址", Method = DesensitizationMethod.Drop, Generalization = Generalization.Year },
                new() { Item = "单位名称", Method = DesensitizationMethod.None, ScanAllowed = true },
                new() { Item = "银行卡号", Method = DesensitizationMethod.Mask, Mask = MaskStyle.BankCard, ScanAllowed = true },
                new() { Item = "备注", Method = DesensitizationMethod.Generalize },
            ],
        };
        var fields = plan.Validate(Items).Select(e => e.Field).ToList();
        Assert.Equal(
            [
                "desensitization.items[0].mask",
                "desensitization.items[1].keepLast",
                "desensitization.items[2].generalization",
                "desensitization.items[3].generalization",
                "desensitization.items[5].scanAllowed",
                "desensitization.items[6].generalization",
            ],
            fields);
    }

    [Fact]
    public void Compiling_binds_columns_drops_and_refuses_unknown_columns()
    {
        var pseudonymizer = new Pseudonymizer(Encoding.UTF8.GetBytes(new string('k', 32)), "ds");
        var compiled = CompiledDesensitizationPlan.Create(ValidPlan(), ["姓名", "银行卡号", "公民身份号码", "备注"], pseudonymizer, out var errors);
        Assert.Empty(errors);
        Assert.NotNull(compiled);
        Assert.Equal(["姓名", "公民身份号码", "备注"], compiled.OutputColumns);
        Assert.True(compiled.Columns[1].Dropped);
        Assert.Equal("张*", compiled.Columns[0].Desensitizer!.Apply("张三"));
        Assert.Equal(pseudonymizer.Apply("110101199003071233"), compiled.Columns[2].Desensitizer!.Apply("110101199003071233"));

        Assert.Null(CompiledDesensitizationPlan.Create(ValidPlan(), ["姓名", "籍贯"], pseudonymizer, out errors));
        Assert.Equal("header[1]", Assert.Single(errors).Field);
        Assert.Null(CompiledDesensitizationPlan.Create(ValidPlan(), ["公民身份号码"], null, out errors));
        Assert.Contains("secret", Assert.Single(errors).Reason);
    }
}
