using System.Globalization;
using GovData.Domain.Calendar;
using GovData.Domain.Labels;

namespace GovData.Portal.Services;

/// <summary>How the portal writes values in Chinese: enumeration labels (the domain's table), dates and times in China time.</summary>
public static class Zh
{
    private static readonly CultureInfo Culture = new("zh-CN");

    /// <summary>The Chinese label of an enumeration value.</summary>
    public static string L<T>(T value) where T : struct, Enum => ZhLabels.Label(value);

    /// <summary>The Chinese label of a nullable value, or a dash.</summary>
    public static string L<T>(T? value) where T : struct, Enum => value is { } v ? ZhLabels.Label(v) : "—";

    /// <summary>Labels joined with 、.</summary>
    public static string L<T>(IEnumerable<T>? values) where T : struct, Enum => values is null ? "—" : string.Join("、", values.Select(v => ZhLabels.Label(v)));

    /// <summary>A date: 2026年11月24日.</summary>
    public static string D(DateOnly date) => ChinaTime.ChineseDate(date);

    /// <summary>An instant's date in China time.</summary>
    public static string D(DateTimeOffset? at) => at is { } a ? D(ChinaTime.DateOf(a)) : "—";

    /// <summary>An instant in China time: 2026年11月24日 10:00.</summary>
    public static string T(DateTimeOffset? at) => at is { } a ? ChinaTime.ChineseDateTime(a) : "—";

    /// <summary>A byte count: 1.2 MB.</summary>
    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KB",
        _ => $"{bytes / 1024.0 / 1024.0:0.#} MB",
    };

    /// <summary>A number with thousands separators.</summary>
    public static string N(long n) => n.ToString("N0", Culture);
}
