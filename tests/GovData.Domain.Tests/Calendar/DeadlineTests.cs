using System.Text.Json;
using GovData.Domain.Calendar;
using static GovData.Domain.Tests.Calendar.CalendarFixtures;

namespace GovData.Domain.Tests.Calendar;

public class DeadlineTests
{
    [Fact]
    public void A_stored_provisional_deadline_comes_back_and_can_be_recomputed()
    {
        // Open items are stored as documents; the sweep that runs when a year is loaded reads them back.
        var original = BuiltIn.AddWorkingDays(China(2026, 12, 28, 10), 5);
        var stored = JsonSerializer.Deserialize<Deadline>(JsonSerializer.Serialize(original))!;

        Assert.Equal(original.DueAt, stored.DueAt);
        Assert.Equal(original.DueDate, stored.DueDate);
        Assert.Equal(original.ProvisionalYears, stored.ProvisionalYears);
        Assert.Equal(original.CalendarStamp, stored.CalendarStamp);
        var calendar = BuiltIn.WithYear(Hypothetical2027(), LoadedAt);
        Assert.True(calendar.ShouldRecompute(stored));
        Assert.Equal(D(2027, 1, 5), calendar.Recompute(stored).DueDate);
    }

    [Fact]
    public void A_stored_deadline_keeps_its_date_of_receipt_rule_and_recomputes_with_it()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
        var afterHours = BuiltIn.AddWorkingDays(China(2026, 12, 26, 10), 5, DateOfReceipt.NextWorkingDayAfter(new TimeOnly(17, 30)));
        var stored = JsonSerializer.Deserialize<Deadline>(JsonSerializer.Serialize(afterHours, options), options)!;
        Assert.Equal(afterHours.Receipt, stored.Receipt);
        var calendar = BuiltIn.WithYear(Hypothetical2027(), LoadedAt);
        Assert.Equal(calendar.AddWorkingDays(stored.ReceivedAt, 5, stored.Receipt).DueDate, calendar.Recompute(stored).DueDate);
        // Stored before the rule existed (no receipt field): read as the statutory reading.
        var legacy = JsonSerializer.Deserialize<Deadline>(JsonSerializer.Serialize(afterHours with { Receipt = null }, options), options)!;
        Assert.Null(legacy.Receipt);
        Assert.Equal(calendar.AddWorkingDays(legacy.ReceivedAt, 5).DueDate, calendar.Recompute(legacy).DueDate);
    }

    [Fact]
    public void A_loaded_year_does_not_change_when_the_caller_mutates_its_list_afterwards()
    {
        var holidays = Hypothetical2027().Holidays.ToList();
        var calendar = BuiltIn.WithYear(Hypothetical2027() with { Holidays = holidays }, LoadedAt);
        holidays.Clear();
        Assert.Equal(15, calendar.Years[^1].Holidays.Count);
    }
}
