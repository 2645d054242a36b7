using FsCheck;
using FsCheck.Fluent;
using GovData.Domain.Identifiers;

namespace GovData.Domain.Tests.Aggregation;

public class ResidentIdNumberTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);

    /// <summary>Builds a valid number by computing its check character.</summary>
    internal static string Valid(string area = "350802", string birth = "19900307", string sequence = "123")
    {
        var first17 = area + birth + sequence;
        return first17 + ResidentIdNumber.ComputeCheckCharacter(first17);
    }

    [Fact]
    public void Known_published_example_checks() =>
        // The example number in GB 11643-1999 annex: 11010519491231002X.
        Assert.Equal(ResidentIdNumberError.None, ResidentIdNumber.Check("11010519491231002X", Today));

    [Fact]
    public void Computed_numbers_are_valid_and_expose_their_parts()
    {
        var id = Valid();
        Assert.True(ResidentIdNumber.TryParse(id, Today, out var parsed));
        Assert.Equal("350802", parsed.AreaCode);
        Assert.Equal(new DateOnly(1990, 3, 7), parsed.DateOfBirth);
        Assert.Null(ResidentIdNumber.Validate(id, Today));
    }

    [Theory]
    [InlineData("35080219900307123", ResidentIdNumberError.Length)]
    [InlineData("3508021990030712345", ResidentIdNumberError.Length)]
    [InlineData("35080219900307A234", ResidentIdNumberError.Character)]
    [InlineData("35080219900307123x", ResidentIdNumberError.Character)]
    public void Malformed_numbers_fail_with_their_reason(string text, ResidentIdNumberError expected) =>
        Assert.Equal(expected, ResidentIdNumber.Check(text, Today));

    [Fact]
    public void A_wrong_check_character_fails()
    {
        var id = Valid();
        var wrong = id[..17] + (id[17] == '0' ? '1' : '0');
        Assert.Equal(ResidentIdNumberError.CheckCharacter, ResidentIdNumber.Check(wrong, Today));
        Assert.Contains("ISO 7064", ResidentIdNumber.Validate(wrong, Today));
    }

    [Theory]
    [InlineData("000000", "19900307", ResidentIdNumberError.AreaCode)]
    [InlineData("350802", "19900230", ResidentIdNumberError.DateOfBirth)]
    [InlineData("350802", "19901301", ResidentIdNumberError.DateOfBirth)]
    [InlineData("350802", "17991231", ResidentIdNumberError.DateOfBirth)]
    [InlineData("350802", "20261125", ResidentIdNumberError.FutureDateOfBirth)]
    [InlineData("350802", "20000229", ResidentIdNumberError.None)]
    [InlineData("350802", "20261124", ResidentIdNumberError.None)]
    public void Area_code_and_date_of_birth_are_checked_even_with_a_correct_check_character(string area, string birth, ResidentIdNumberError expected) =>
        Assert.Equal(expected, ResidentIdNumber.Check(Valid(area, birth), Today));

    [FsCheck.Xunit.Property]
    public Property Changing_one_digit_is_always_caught() =>
        Prop.ForAll(Gen.Choose(0, 16).ToArbitrary(), Gen.Choose(1, 9).ToArbitrary(), (position, delta) =>
        {
            var id = Valid(sequence: "417").ToCharArray();
            id[position] = (char)('0' + (id[position] - '0' + delta) % 10);
            // A changed digit may also break the date or area; whatever the reason, it must not pass.
            return ResidentIdNumber.Check(id, Today) != ResidentIdNumberError.None;
        });
}
