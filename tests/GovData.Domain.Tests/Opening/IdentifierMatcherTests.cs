using GovData.Domain.Opening;

namespace GovData.Domain.Tests.Opening;

public class IdentifierMatcherTests
{
    [Theory]
    [InlineData("110101199003071233", IdentifierKind.ResidentIdNumber)]
    [InlineData("11010119900307109X", IdentifierKind.ResidentIdNumber)]
    [InlineData("11010119900307109x", IdentifierKind.ResidentIdNumber)]
    [InlineData("身份证110101 19900307 1233号", IdentifierKind.ResidentIdNumber)]
    [InlineData("110101900307123", IdentifierKind.ResidentIdNumber)] // 15-digit old form
    [InlineData("13812345678", IdentifierKind.MobileNumber)]
    [InlineData("+8613812345678", IdentifierKind.MobileNumber)]
    [InlineData("+86 138 1234 5678", IdentifierKind.MobileNumber)]
    [InlineData("008613812345678", IdentifierKind.MobileNumber)]
    [InlineData("tel:199-0000-1111;", IdentifierKind.MobileNumber)]
    [InlineData("6222021234567890128", IdentifierKind.BankCard)]
    [InlineData("6217 0012 3456 7893", IdentifierKind.BankCard)]
    [InlineData("41111111111114", IdentifierKind.BankCard)]
    public void Finds_each_kind(string text, IdentifierKind kind)
    {
        Assert.True(IdentifierMatcher.TryFindNext(text, 0, IdentifierKind.Scanned, out var m));
        Assert.Equal(kind, m.Kind);
    }

    [Theory]
    [InlineData("110101********1233")]
    [InlineData("138****5678")]
    [InlineData("+86138****5678")]
    [InlineData("***************0128")]
    [InlineData("**** **** **** ***0 128")]
    [InlineData("110101199003071234")] // wrong check digit, and not a Luhn number either
    [InlineData("12812345678")] // 12 is not a mobile prefix
    [InlineData("1381234567")] // 10 digits
    [InlineData("2024-01-15 13:45")]
    [InlineData("91350800MA2Y0XXXXX")]
    [InlineData("6222021234567890127")] // fails Luhn
    [InlineData("abcdefghijklmnop")]
    [InlineData("")]
    public void Ignores_masked_and_ordinary_values(string text) =>
        Assert.False(IdentifierMatcher.ContainsAny(text, IdentifierKind.Scanned));

    [Fact]
    public void A_mobile_number_inside_a_longer_run_of_digits_is_not_a_mobile_number() =>
        Assert.False(IdentifierMatcher.TryFindNext("9913812345678", 0, IdentifierKind.MobileNumber, out _));

    [Fact]
    public void Finds_several_in_one_text_in_order()
    {
        const string text = "a 13812345678 b 110101199003071233 c x@y.cn";
        var kinds = new List<IdentifierKind>();
        var from = 0;
        while (IdentifierMatcher.TryFindNext(text, from, IdentifierKind.All, out var m))
        {
            kinds.Add(m.Kind);
            from = m.End;
        }
        Assert.Equal([IdentifierKind.MobileNumber, IdentifierKind.ResidentIdNumber, IdentifierKind.Email], kinds);
    }
}
