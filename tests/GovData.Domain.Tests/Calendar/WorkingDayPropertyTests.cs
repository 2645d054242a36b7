using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GovData.Domain.Calendar;
using static GovData.Domain.Tests.Calendar.CalendarFixtures;

namespace GovData.Domain.Tests.Calendar;

public class WorkingDayPropertyTests
{
    private static readonly DateTime First = new(2020, 1, 1);

    // Instants from 2020 to the end of 2027 (one provisional year) at any second of the China day, written with a China, UTC or UTC-05:00 offset.
    private static readonly Gen<DateTimeOffset> Moments =
        from day in Gen.Choose(0, (int)(new DateTime(2028, 1, 1) - First).TotalDays - 1)
        from second in Gen.Choose(0, 86_399)
        from offsetHours in Gen.Elements(8, 0, -5)
        select new DateTimeOffset(First.AddDays(day).AddSeconds(second), ChinaTime.Offset).ToOffset(TimeSpan.FromHours(offsetHours));

    private static readonly Arbitrary<(DateTimeOffset, int)> MomentAndN =
        (from m in Moments from n in Gen.Choose(0, 400) select (m, n)).ToArbitrary();

    private static readonly Arbitrary<(DateTimeOffset, int, int)> MomentAndTwoNs =
        (from m in Moments from a in Gen.Choose(0, 300) from b in Gen.Choose(0, 300) select (m, Math.Min(a, b), Math.Max(a, b))).ToArbitrary();

    private static bool Working(DateOnly date) => BuiltIn.Describe(date).IsWorkingDay;

    [Property(MaxTest = 2000)]
    public Property Adding_then_counting_gives_back_N() =>
        Prop.ForAll(MomentAndN, t =>
        {
            var (received, n) = t;
            var due = BuiltIn.AddWorkingDays(received, n);
            return BuiltIn.CountWorkingDaysAllowingProvisional(received, due.DueAt).Days == n
                && (n == 0 || BuiltIn.CountWorkingDaysAllowingProvisional(received, due.DueAt.AddTicks(-1)).Days == n - 1);
        });

    [Property(MaxTest = 2000)]
    public Property Results_land_on_working_days_after_the_calendar_date_of_receipt() =>
        Prop.ForAll(MomentAndN, t =>
        {
            var d = BuiltIn.AddWorkingDays(t.Item1, t.Item2);
            return (t.Item2 == 0 || Working(d.DueDate)) && Working(d.EffectiveStart)
                && d.EffectiveReceiptDate == ChinaTime.DateOf(d.ReceivedAt) && d.EffectiveStart > d.EffectiveReceiptDate;
        });

    private static readonly HashSet<DateOnly> StatutoryDays =
        [.. Enumerable.Range(2020, 10).SelectMany(StatutoryHolidays.For).Select(h => h.Date)];

    [Property(MaxTest = 3000)]
    public Property No_deadline_ever_falls_on_a_statutory_holiday_loaded_or_provisional() =>
        Prop.ForAll(MomentAndN, t =>
        {
            // N = 0 is due at the end of the day of receipt itself, whatever day that is: not a deadline of working days.
            var d = BuiltIn.AddWorkingDays(t.Item1, t.Item2);
            return (t.Item2 == 0 || !StatutoryDays.Contains(d.DueDate)) && !StatutoryDays.Contains(d.EffectiveStart);
        });

    [Property(MaxTest = 2000)]
    public Property Monotonic_in_N() =>
        Prop.ForAll(MomentAndTwoNs, t =>
        {
            var (received, small, large) = t;
            var a = BuiltIn.AddWorkingDays(received, small);
            var b = BuiltIn.AddWorkingDays(received, large);
            return small == large ? a.DueAt == b.DueAt : a.DueAt < b.DueAt;
        });

    [Property(MaxTest = 2000)]
    public Property Provisional_exactly_when_the_due_date_is_after_the_last_loaded_year() =>
        Prop.ForAll(MomentAndN, t =>
        {
            var d = BuiltIn.AddWorkingDays(t.Item1, t.Item2);
            return d.IsProvisional == (Math.Max(d.DueDate.DayNumber, d.EffectiveStart.DayNumber) > D(2026, 12, 31).DayNumber)
                && d.ProvisionalYears.All(y => y > 2026);
        });

    [Property(MaxTest = 1000)]
    public Property Agrees_with_a_day_by_day_count() =>
        Prop.ForAll(MomentAndN, t =>
        {
            var (received, n) = t;
            // The day of receipt is the calendar date in China, not counted; then count working days one by one.
            var day = ChinaTime.DateOf(received);
            for (var counted = 0; counted < n;)
            {
                day = day.AddDays(1);
                if (Working(day)) counted++;
            }
            return BuiltIn.AddWorkingDays(received, n).DueDate == day;
        });
}
