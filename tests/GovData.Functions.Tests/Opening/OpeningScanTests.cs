using System.Text;
using GovData.Domain.Opening;
using GovData.Functions.Opening;
using static GovData.Functions.Tests.Opening.OpeningSamples;

namespace GovData.Functions.Tests.Opening;

public class OpeningScanTests
{
    private static readonly HashSet<string> Allowed = ["统一社会信用代码"];

    private static async Task<string> DesensitizedFile()
    {
        var output = new MemoryStream();
        var result = await OpenDataTransform.RunAsync(Utf8(Csv(Rows)), Plan(), Pseudonymizer(), output, null);
        Assert.True(result.IsClean);
        return Text(output);
    }

    [Fact]
    public async Task The_desensitized_file_with_its_masked_values_is_clean()
    {
        var file = await DesensitizedFile();
        Assert.Contains("110101********1233", file);
        Assert.Contains("138****5678", file);
        var result = await PublishFileScan.ScanCsvAsync(Utf8(file), Allowed);
        Assert.True(result.IsClean);
        Assert.Equal(3, result.Rows);
    }

    [Fact]
    public async Task Catches_one_planted_ID_number_phone_and_bank_card()
    {
        var lines = (await DesensitizedFile()).Split("\r\n");
        lines[1] = lines[1].Replace("110101********1233", "110101199003071233");                  // row 1, 公民身份号码
        lines[2] = lines[2].Replace("+86 139-****-1111", "+86 139-0000-1111");                     // row 2, 手机号码
        lines[3] = lines[3].Replace("l***@gov.cn,", "l***@gov.cn,退款卡号 6217 0012 3456 7893");     // row 3, 备注
        var planted = string.Join("\r\n", lines);

        var result = await PublishFileScan.ScanCsvAsync(Utf8(planted), Allowed);

        Assert.False(result.IsClean);
        Assert.Equal(
            [
                new ScanFinding(1, "公民身份号码", IdentifierKind.ResidentIdNumber, "110101********1233"),
                new ScanFinding(2, "手机号码", IdentifierKind.MobileNumber, "139-****-1111"),
                new ScanFinding(3, "备注", IdentifierKind.BankCard, "**** **** **** 7893"),
            ],
            result.Findings);
        Assert.DoesNotContain(result.Findings, f => f.Masked.Contains("19900307") || f.Masked.Contains("0000") || f.Masked.Contains("6217"));
    }

    [Fact]
    public async Task Allowed_columns_are_skipped_and_every_other_column_is_scanned()
    {
        var csv = "统一社会信用代码,其他\r\n6222021234567890128,6222021234567890128\r\n";
        var result = await PublishFileScan.ScanCsvAsync(Utf8(csv), Allowed);
        Assert.Equal("其他", Assert.Single(result.Findings).Column);
        Assert.Equal(2, (await PublishFileScan.ScanCsvAsync(Utf8(csv), new HashSet<string>())).FindingCount);
    }

    [Fact]
    public async Task Fields_beyond_the_header_are_scanned_too()
    {
        var result = await PublishFileScan.ScanCsvAsync(Utf8("a\r\nx,13812345678\r\n"), new HashSet<string>());
        Assert.Equal("#2", Assert.Single(result.Findings).Column);
    }

    [Fact]
    public async Task A_file_that_cannot_be_read_is_not_clean()
    {
        var result = await PublishFileScan.ScanCsvAsync(new MemoryStream([0x61, 0x0d, 0x0a, 0xff, 0xfe, 0xfd]), new HashSet<string>());
        Assert.False(result.IsClean);
        Assert.Single(result.Errors);
    }
}
