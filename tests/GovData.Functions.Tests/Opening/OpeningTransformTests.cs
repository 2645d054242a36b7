using System.Text;
using System.Text.Json;
using GovData.Domain.Opening;
using GovData.Functions.Opening;
using static GovData.Functions.Tests.Opening.OpeningSamples;

namespace GovData.Functions.Tests.Opening;

public class OpeningTransformTests
{
    private static async Task<(TransformResult Result, string Csv, string Json)> Run(string csv, DesensitizationPlan? plan = null, TransformOptions? options = null)
    {
        var csvOut = new MemoryStream();
        var jsonOut = new MemoryStream();
        var result = await OpenDataTransform.RunAsync(Utf8(csv), plan ?? Plan(), Pseudonymizer(), csvOut, jsonOut, options);
        return (result, Text(csvOut), Text(jsonOut));
    }

    [Fact]
    public async Task Desensitizes_every_column_by_its_strategy_and_drops_the_dropped_one()
    {
        var (result, csv, _) = await Run(Csv(Rows));

        Assert.Equal(TransformOutcome.Clean, result.Outcome);
        Assert.Equal(3, result.Rows);
        Assert.Equal(0, result.FindingCount);
        Assert.DoesNotContain("银行卡号", result.Columns);
        var lines = csv.TrimStart('\uFEFF').Split("\r\n");
        Assert.Equal("姓名,公民身份号码,手机号码,地址,出生日期,统一社会信用代码,单位名称,电子邮箱,备注", lines[0]);
        Assert.Equal("张*,110101********1233,138****5678,福建省龙岩市新罗区,1990,91350800MA2Y0ABC1X,龙岩市某某科技有限公司,z*******@example.com,无", lines[1]);
        Assert.Equal("欧阳**,350802********0016,+86 139-****-1111,福建省龙岩市长汀县,1985,91350800MA2Y0ABC1X,\"龙岩市某某科技有限公司,分公司\",o*****@163.com,本人电话139****5678，身份证350802********0016", lines[2]);
        Assert.Equal("李*,110101********109X,150****1111,北京市市辖区,1990,91350800MA2Y0ABC1X,\"说\"\"你好\"\"的公司\",l***@gov.cn,", lines[3]);
        Assert.Equal("", lines[4]);
        foreach (var secret in new[] { "6222021234567890128", "13812345678", "110101199003071233", "西陂街道", "zhangsan", "13912345678" })
            Assert.DoesNotContain(secret, csv);
    }

    [Fact]
    public async Task Writes_the_same_values_as_JSON_Lines()
    {
        var (result, csv, json) = await Run(Csv(Rows));
        Assert.True(result.IsClean);
        var objects = json.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(3, objects.Count);
        Assert.Equal("欧阳**", objects[1].GetProperty("姓名").GetString());
        Assert.Equal("龙岩市某某科技有限公司,分公司", objects[1].GetProperty("单位名称").GetString());
        Assert.Equal("说\"你好\"的公司", objects[2].GetProperty("单位名称").GetString());
        Assert.False(objects[0].TryGetProperty("银行卡号", out _));
        Assert.Contains("\"姓名\":\"张*\"", json); // Chinese stays readable, not \uXXXX
    }

    [Fact]
    public async Task Keyed_hash_gives_a_stable_pseudonym_within_the_dataset()
    {
        var plan = Plan() with { Items = [.. Plan().Items.Select(s => s.Item == "公民身份号码" ? new ItemDesensitization { Item = s.Item, Method = DesensitizationMethod.KeyedHash } : s)] };
        var (result, csv, _) = await Run(Csv(Rows[0], Rows[0].Replace("张三", "张三丰")), plan);
        Assert.True(result.IsClean);
        var ids = csv.TrimStart('\uFEFF').Split("\r\n")[1..3].Select(l => l.Split(',')[1]).ToList();
        Assert.Equal(Pseudonymizer().Apply("110101199003071233"), ids[0]);
        Assert.Equal(ids[0], ids[1]);
        Assert.NotEqual(ids[0], Pseudonymizer("another-dataset").Apply("110101199003071233"));
    }

    [Fact]
    public async Task Refuses_when_an_identifier_survives_in_a_column_published_as_it_is()
    {
        // 单位名称 is not personal, so it passes unchanged; someone typed a phone, an ID and a card into it.
        var rows = Rows.ToArray();
        rows[0] = rows[0].Replace("龙岩市某某科技有限公司", "联系13812345678");
        rows[2] = rows[2].Replace("\"说\"\"你好\"\"的公司\"", "\"证件110101199003071233 卡6222 0212 3456 7890 128\"");
        var (result, _, _) = await Run(Csv(rows));

        Assert.Equal(TransformOutcome.Refused, result.Outcome);
        Assert.Equal(3, result.FindingCount);
        Assert.Equal(
            [
                new ScanFinding(1, "单位名称", IdentifierKind.MobileNumber, "138****5678"),
                new ScanFinding(3, "单位名称", IdentifierKind.ResidentIdNumber, "110101********1233"),
                new ScanFinding(3, "单位名称", IdentifierKind.BankCard, "**** **** **** ***0 128"),
            ],
            result.Findings);
    }

    [Fact]
    public async Task Scans_a_column_that_is_not_explicitly_allowed()
    {
        // An all-digit code that passes Luhn looks like a card: refused unless the plan allows the column.
        var rows = new[] { Rows[0].Replace("91350800MA2Y0ABC1X", "6222021234567890128") };
        Assert.Equal(TransformOutcome.Clean, (await Run(Csv(rows))).Result.Outcome);
        var (refused, _, _) = await Run(Csv(rows), Plan(allowCreditCode: false));
        Assert.Equal(TransformOutcome.Refused, refused.Outcome);
        Assert.Equal("统一社会信用代码", Assert.Single(refused.Findings).Column);
    }

    [Fact]
    public async Task A_column_without_a_strategy_makes_the_file_invalid()
    {
        var (result, csv, _) = await Run(Csv(Rows).Replace("备注", "籍贯"));
        Assert.Equal(TransformOutcome.Invalid, result.Outcome);
        Assert.Contains("'籍贯' has no strategy", Assert.Single(result.Errors).Reason);
        Assert.Equal("", csv); // nothing is written before the header is understood
    }

    [Fact]
    public async Task A_row_with_the_wrong_number_of_fields_makes_the_file_invalid()
    {
        var (result, _, _) = await Run(Csv(Rows[0], "王五,110101199003071233"));
        Assert.Equal(TransformOutcome.Invalid, result.Outcome);
        Assert.Equal("row[2]", Assert.Single(result.Errors).Field);
    }

    [Fact]
    public async Task A_file_that_is_not_UTF8_makes_the_file_invalid()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var gbk = Encoding.GetEncoding("GB18030").GetBytes(Csv(Rows));
        var result = await OpenDataTransform.RunAsync(new MemoryStream(gbk), Plan(), Pseudonymizer(), new MemoryStream(), null);
        Assert.Equal(TransformOutcome.Invalid, result.Outcome);
        Assert.Contains("UTF-8", Assert.Single(result.Errors).Reason);
    }

    [Fact]
    public async Task An_empty_file_makes_the_file_invalid()
    {
        var result = await OpenDataTransform.RunAsync(new MemoryStream(), Plan(), Pseudonymizer(), new MemoryStream(), null);
        Assert.Equal(TransformOutcome.Invalid, result.Outcome);
    }

    [Fact]
    public async Task Copy_writes_the_file_unchanged_through_the_same_writer()
    {
        var output = new MemoryStream();
        var result = await OpenDataTransform.CopyAsync(Utf8(Csv(Rows)), output, null);
        Assert.Equal(3, result.Rows);
        Assert.Equal(Csv(Rows), Text(output).TrimStart('\uFEFF'));
    }
}
