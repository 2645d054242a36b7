using System.Globalization;

namespace GovData.Functions.Errors;

/// <summary>
/// The range every date and date-time parameter of the API accepts: 2000-01-01 to 2099-12-31 (China time). The code adds
/// days, working days and months to these values; far from today they overflow DateTime's range (0001-01-01, 9999-12-31),
/// and nothing the system records lies outside this range anyway. Outside it: 400 naming the parameter. The OpenAPI document
/// states the range on each such parameter (<c>x-minimum</c>, <c>x-maximum</c> and the description).
/// </summary>
public static class DateBounds
{
    /// <summary>The first day accepted.</summary>
    public static readonly DateOnly First = new(2000, 1, 1);
    /// <summary>The last day accepted.</summary>
    public static readonly DateOnly Last = new(2099, 12, 31);

    /// <summary>The range in words, as problems and the OpenAPI document state it.</summary>
    public static string Range => $"between {First:yyyy-MM-dd} and {Last:yyyy-MM-dd}";

    /// <summary>The reason <paramref name="value"/> is refused, or null when it is in range (or absent).</summary>
    public static string? Check(DateOnly? value) =>
        value is { } d && (d < First || d > Last) ? $"must be a date {Range} (got {d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})" : null;

    /// <summary>The reason <paramref name="value"/> is refused, or null when its China-time date is in range (or it is absent).</summary>
    public static string? Check(DateTimeOffset? value) =>
        value is { } t && (t.UtcDateTime < new DateTime(First.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(-8)
            || t.UtcDateTime >= new DateTime(Last.Year, 12, 31, 0, 0, 0, DateTimeKind.Utc).AddDays(1).AddHours(-8))
            ? $"must be a time {Range} (China time; got {t.ToString("O", CultureInfo.InvariantCulture)})" : null;
}
