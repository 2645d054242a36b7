using FsCheck;
using FsCheck.Fluent;
using GovData.Domain.Aggregation;
using GovData.Domain.Identifiers;

namespace GovData.Domain.Tests.Aggregation;

public class ValueChecksTests
{
    internal static string ValidCreditCode(string first17 = "91350800MA2Y0A1B2") => first17 + UnifiedSocialCreditCode.ComputeCheckCharacter(first17);

    [Fact]
    public void Credit_code_span_check_accepts_computed_codes_and_rejects_a_wrong_check_character()
    {
        var code = ValidCreditCode();
        Assert.True(ValueChecks.IsUnifiedSocialCreditCode(code));
        var wrong = code[..17] + (code[17] == 'A' ? 'B' : 'A');
        Assert.False(ValueChecks.IsUnifiedSocialCreditCode(wrong));
        Assert.False(ValueChecks.IsUnifiedSocialCreditCode(code.ToLowerInvariant()));
        Assert.False(ValueChecks.IsUnifiedSocialCreditCode(code.AsSpan(0, 17)));
        Assert.False(ValueChecks.IsUnifiedSocialCreditCode("91350800MA2Y0A1BI" + "1")); // I is not in the GB 32100 alphabet
    }

    [FsCheck.Xunit.Property(MaxTest = 500)]
    public Property Credit_code_span_check_agrees_with_the_reference_check() =>
        Prop.ForAll(Gen.ArrayOf(Gen.Elements("0123456789ABCDEFGHJKLMNPQRTUWXYIOZSV".ToCharArray()), 18).ToArbitrary(), chars =>
        {
            var text = new string(chars);
            return ValueChecks.IsUnifiedSocialCreditCode(text) == (UnifiedSocialCreditCode.Validate(text) is null);
        });

    [FsCheck.Xunit.Property(MaxTest = 500)]
    public Property Credit_code_computed_check_always_passes() =>
        Prop.ForAll(Gen.ArrayOf(Gen.Elements("0123456789ABCDEFGHJKLMNPQRTUWXY".ToCharArray()), 17).ToArbitrary(), chars =>
            ValueChecks.IsUnifiedSocialCreditCode(ValidCreditCode(new string(chars))));

    [Theory]
    [InlineData("13912345678", true)]
    [InlineData("+86 13912345678", true)]
    [InlineData("12912345678", false)]
    [InlineData("0597-2345678", true)]
    [InlineData("010-87654321-123", true)]
    [InlineData("05972345678", true)]
    [InlineData("400-123-4567", true)]
    [InlineData("0597-0345678", false)]
    [InlineData("phone", false)]
    [InlineData("1391234567", false)]
    public void Phone_numbers(string value, bool valid) => Assert.Equal(valid, ValueChecks.IsPhoneNumber(value));

    [Theory]
    [InlineData("zhang.san@longyan.gov.cn", true)]
    [InlineData("a@b.cn", true)]
    [InlineData("a@b", false)]
    [InlineData("a b@b.cn", false)]
    [InlineData(".a@b.cn", false)]
    [InlineData("a@-b.cn", false)]
    [InlineData("@b.cn", false)]
    [InlineData("a@b.c", false)]
    public void Emails(string value, bool valid) => Assert.Equal(valid, ValueChecks.IsEmail(value));

    [Theory]
    [InlineData("2024-02-29", null, true)]
    [InlineData("2023-02-29", null, false)]
    [InlineData("2024-2-9", null, false)]
    [InlineData("20240229", "yyyyMMdd", true)]
    [InlineData("2024/02/29", "yyyy/MM/dd", true)]
    [InlineData("2024-02-29", "yyyy/MM/dd", false)]
    public void Dates(string value, string? format, bool valid) => Assert.Equal(valid, ValueChecks.TryParseDate(value, format, out _));

    [Theory]
    [InlineData("2026-11-24T10:00:00", true)]
    [InlineData("2026-11-24 10:00:00", true)]
    [InlineData("2026-11-24T10:00:00.123+08:00", true)]
    [InlineData("2026-11-24T10:00Z", true)]
    [InlineData("24/11/2026 10:00", false)]
    public void Date_times(string value, bool valid) => Assert.Equal(valid, ValueChecks.IsDateTime(value, null));

    [Theory]
    [InlineData("是", true, true)]
    [InlineData("否", true, false)]
    [InlineData("TRUE", true, true)]
    [InlineData("0", true, false)]
    [InlineData("yes", false, false)]
    public void Booleans(string value, bool valid, bool expected)
    {
        Assert.Equal(valid, ValueChecks.TryParseBoolean(value, out var result));
        Assert.Equal(expected, result);
    }

    [Fact]
    public void Length_counts_a_surrogate_pair_as_one_character()
    {
        Assert.False(ValueChecks.IsLongerThan("𠀀𠀀", 2)); // 4 UTF-16 units, 2 characters
        Assert.True(ValueChecks.IsLongerThan("龙岩市", 2));
    }
}
