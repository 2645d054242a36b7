using GovData.Domain.Opening;

namespace GovData.Domain.Tests.Opening;

public class MaskTests
{
    [Theory]
    [InlineData("110101199003071233", "110101********1233")]
    [InlineData("11010119900307109X", "110101********109X")]
    [InlineData("110101900307123", "110101******123")] // 15-digit old form keeps 6 and 3
    [InlineData("12345", "*****")] // too short to keep anything
    public void Resident_id_numbers_keep_the_first_6_and_last_4(string value, string expected) =>
        Assert.Equal(expected, Masks.Apply(MaskStyle.ResidentIdNumber, value));

    [Theory]
    [InlineData("13812345678", "138****5678")]
    [InlineData("+8613812345678", "+86138****5678")]
    [InlineData("+86 138-1234-5678", "+86 138-****-5678")]
    [InlineData("0597-2345678", "059*-***5678")]
    [InlineData("无", "*")]
    public void Phone_numbers_keep_3_and_4_digits_of_the_national_number(string value, string expected) =>
        Assert.Equal(expected, Masks.Apply(MaskStyle.PhoneNumber, value));

    [Theory]
    [InlineData("张三", "张*")]
    [InlineData("张三丰", "张**")]
    [InlineData("欧阳修", "欧阳*")]
    [InlineData("欧阳娜娜", "欧阳**")]
    [InlineData("欧阳", "欧*")] // two characters: surname 欧, given name 阳
    [InlineData("阿卜杜拉·买买提", "阿***·***")]
    [InlineData("李", "*")]
    [InlineData("𠀾明", "𠀾*")] // a surname outside the BMP is kept whole, never half a surrogate pair
    public void Names_keep_the_surname(string value, string expected) =>
        Assert.Equal(expected, Masks.Apply(MaskStyle.PersonalName, value));

    [Theory]
    [InlineData("6222021234567890128", "***************0128")]
    [InlineData("6222 0212 3456 7890 128", "**** **** **** ***0 128")]
    public void Bank_cards_keep_the_last_4_digits(string value, string expected) =>
        Assert.Equal(expected, Masks.Apply(MaskStyle.BankCard, value));

    [Theory]
    [InlineData("zhangsan@example.com", "z*******@example.com")]
    [InlineData("13812345678@163.com", "1**********@163.com")]
    [InlineData("not-an-email", "n**-**-*****")]
    public void Emails_keep_the_first_character_and_the_domain(string value, string expected) =>
        Assert.Equal(expected, Masks.Apply(MaskStyle.Email, value));

    [Fact]
    public void Keep_ends_counts_letters_and_digits_only() =>
        Assert.Equal("91-3***-**78", Masks.Apply(MaskStyle.KeepEnds, "91-3508-0078", keepFirst: 3, keepLast: 2));

    [Fact]
    public void Free_text_masks_every_identifier_and_keeps_the_rest()
    {
        var text = "申请人110101199003071233，电话13812345678，卡号6222 0212 3456 7890 128，邮箱li.si@gov.cn，另有+86 139-0000-1111。编号2024001。";
        var masked = Masks.Apply(MaskStyle.FreeText, text);
        Assert.Equal("申请人110101********1233，电话138****5678，卡号**** **** **** ***0 128，邮箱l****@gov.cn，另有+86 139-****-1111。编号2024001。", masked);
        Assert.False(IdentifierMatcher.ContainsAny(masked, IdentifierKind.Scanned));
    }

    [Fact]
    public void Masks_keep_the_length_so_they_write_in_place()
    {
        Span<char> buffer = stackalloc char[32];
        Masks.Write(MaskStyle.ResidentIdNumber, "110101199003071233", buffer);
        Assert.Equal("110101********1233", buffer[..18].ToString());
    }
}
