using GovData.Domain.Opening;

namespace GovData.Domain.Tests.Opening;

public class PublishScannerTests
{
    [Fact]
    public void Records_row_column_kind_and_only_the_masked_identifier()
    {
        var scanner = new PublishScanner();
        Assert.False(scanner.Scan(1, "公民身份号码", "110101********1233"));
        Assert.False(scanner.Scan(1, "手机号码", "138****5678"));
        Assert.True(scanner.Scan(2, "备注", "联系人电话13812345678，身份证110101199003071233"));
        Assert.True(scanner.Scan(3, "备注", "卡 6222021234567890128"));

        Assert.Equal(3, scanner.FindingCount);
        Assert.Equal(
            [
                new ScanFinding(2, "备注", IdentifierKind.MobileNumber, "138****5678"),
                new ScanFinding(2, "备注", IdentifierKind.ResidentIdNumber, "110101********1233"),
                new ScanFinding(3, "备注", IdentifierKind.BankCard, "***************0128"),
            ],
            scanner.Findings);
        Assert.DoesNotContain(scanner.Findings, f => f.Masked.Contains("13812345678") || f.Masked.Contains("1990"));
    }

    [Fact]
    public void Keeps_a_bounded_list_but_counts_everything()
    {
        var scanner = new PublishScanner(maxFindings: 2);
        for (var row = 1; row <= 10; row++) scanner.Scan(row, "手机号码", "13812345678");
        Assert.Equal(10, scanner.FindingCount);
        Assert.Equal(2, scanner.Findings.Count);
        Assert.False(scanner.IsClean);
    }
}
