using GovData.Domain.Calendar;
using static GovData.Domain.Tests.Calendar.CalendarFixtures;

namespace GovData.Domain.Tests.Calendar;

public class CalendarYearJsonTests
{
    private const string Valid2027 = """
        {"year":2027,"source":"测试用","version":1,
         "holidays":[{"date":"2027-01-01","name":"元旦"},{"date":"2027-05-01","name":"劳动节"},
                     {"date":"2027-10-01","name":"国庆节"},{"date":"2027-10-02","name":"国庆节"},{"date":"2027-10-03","name":"国庆节"}],
         "adjustedWorkingDays":[{"date":"2027-10-09","name":"国庆节调休"}]}
        """;

    private static IReadOnlyList<ValidationError> Errors(string json)
    {
        var (year, errors) = CalendarYearJson.Parse(json);
        Assert.Null(year);
        return errors;
    }

    [Fact]
    public void Parses_the_upload_shape()
    {
        var (year, errors) = CalendarYearJson.Parse(Valid2027);
        Assert.Empty(errors);
        Assert.NotNull(year);
        Assert.Equal(2027, year.Year);
        Assert.Equal(new NamedDate(D(2027, 10, 9), "国庆节调休"), Assert.Single(year.AdjustedWorkingDays));
        Assert.Equal(5, year.Holidays.Count);
    }

    [Fact]
    public void Write_then_Parse_gives_the_same_year()
    {
        var original = Year(2026);
        var (parsed, errors) = CalendarYearJson.Parse(CalendarYearJson.Write(original));
        Assert.Empty(errors);
        Assert.Equal(original.Source, parsed!.Source);
        Assert.Equal(original.Holidays, parsed.Holidays);
        Assert.Equal(original.AdjustedWorkingDays, parsed.AdjustedWorkingDays);
        Assert.Contains("\"春节\"", CalendarYearJson.Write(original));
    }

    [Theory]
    [InlineData("", "body")]
    [InlineData("{not json", "body")]
    [InlineData("[]", "body")]
    public void Bad_JSON_is_an_error_on_the_root(string json, string field) =>
        Assert.Equal(field, Assert.Single(Errors(json)).Field);

    [Fact]
    public void Missing_fields_are_named() =>
        Assert.Equal(
            [new ValidationError("year", "is required"), new ValidationError("source", "is required"), new ValidationError("version", "is required"),
             new ValidationError("holidays", "is required"), new ValidationError("adjustedWorkingDays", "is required")],
            Errors("{}"));

    [Fact]
    public void Wrong_types_are_named() =>
        Assert.Equal(["year", "source", "version", "holidays", "adjustedWorkingDays[0]"],
            Errors("""{"year":"2027","source":1,"version":1.5,"holidays":{},"adjustedWorkingDays":[3]}""").Select(e => e.Field));

    [Fact]
    public void A_bad_date_is_named_with_its_position() =>
        Assert.Contains(new ValidationError("holidays[1].date", "'2027-5-1' is not a date in the form yyyy-MM-dd"),
            Errors(Valid2027.Replace("2027-05-01", "2027-5-1", StringComparison.Ordinal)));

    [Fact]
    public void Unknown_fields_are_rejected_so_a_misspelt_list_is_not_silently_empty()
    {
        var errors = Errors(Valid2027.Replace("\"adjustedWorkingDays\"", "\"adjustedWorkdays\"", StringComparison.Ordinal)
            .Replace("\"name\":\"元旦\"", "\"name\":\"元旦\",\"note\":\"x\"", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Field == "adjustedWorkdays");
        Assert.Contains(errors, e => e.Field == "adjustedWorkingDays" && e.Reason == "is required");
        Assert.Contains(errors, e => e.Field == "holidays[0].note");
    }

    [Fact]
    public void A_well_formed_but_invalid_year_reports_the_validator_errors() =>
        Assert.Equal([new ValidationError("adjustedWorkingDays[0].date", "2027-10-08 is a Friday: only a Saturday or Sunday can be declared a working day")],
            Errors(Valid2027.Replace("2027-10-09", "2027-10-08", StringComparison.Ordinal)));
}
