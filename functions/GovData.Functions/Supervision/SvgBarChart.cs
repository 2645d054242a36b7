using System.Globalization;
using System.Net;
using System.Text;

namespace GovData.Functions.Supervision;

/// <summary>One series of a bar chart: its name in the legend, its fill colour, and one value per row (null: no data).</summary>
public sealed record ChartSeries(string Name, string Color, IReadOnlyList<double?> Values);

/// <summary>
/// A horizontal bar chart written as SVG markup: a title, a legend when there is more than one series, one labelled group
/// of bars per row with each value written at its bar's end, and a title and description for screen readers.
/// </summary>
/// <remarks>
/// Text stays text (no glyphs are drawn here), so the Chinese department names and titles are set by the reader's own
/// fonts: the machines that generate reports have no CJK font, which is why the charts are not rendered by a plotting library.
/// </remarks>
public static class SvgBarChart
{
    /// <summary>The fonts asked for, CJK first (Windows, macOS and Linux names), then any sans-serif.</summary>
    public const string FontFamily = "'Microsoft YaHei','PingFang SC','Noto Sans CJK SC','Source Han Sans SC','WenQuanYi Micro Hei',sans-serif";

    private const int Width = 900, FontSize = 13, BarHeight = 16, GroupGap = 10, Margin = 12;

    /// <summary>Writes the chart. <paramref name="id"/> prefixes the element ids, so several charts can share one HTML page.</summary>
    public static string Write(string id, string title, IReadOnlyList<string> labels, IReadOnlyList<ChartSeries> series, double max, string unit, int decimals)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(series);
        if (series.Any(s => s.Values.Count != labels.Count)) throw new ArgumentException("every series needs one value per label", nameof(series));
        if (max <= 0) throw new ArgumentOutOfRangeException(nameof(max), "the scale's maximum must be positive");

        string Value(double? v) => v is { } x ? x.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + unit : "无数据";
        var labelWidth = Math.Clamp((int)Math.Ceiling(labels.Select(TextWidth).DefaultIfEmpty(0).Max()) + 16, 80, 360);
        var plotLeft = Margin + labelWidth;
        var plotWidth = Width - plotLeft - Margin - 64; // room for the value written after a full bar
        var legendHeight = series.Count > 1 ? 26 : 0;
        var top = 40 + legendHeight;
        var groupHeight = series.Count * BarHeight + GroupGap;
        var plotHeight = Math.Max(1, labels.Count) * groupHeight;
        var height = top + plotHeight + 28;

        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {Width} {height}\" width=\"{Width}\" height=\"{height}\" font-family=\"{FontFamily}\" font-size=\"{FontSize}\">");
        sb.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">{E(title)}</title>");
        sb.Append(CultureInfo.InvariantCulture, $"<desc id=\"{id}-desc\">{E(Describe(labels, series, Value))}</desc>");
        sb.Append(CultureInfo.InvariantCulture, $"<rect width=\"{Width}\" height=\"{height}\" fill=\"#ffffff\"/>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Margin}\" y=\"24\" font-size=\"16\" font-weight=\"bold\" fill=\"#1a1a1a\">{E(title)}</text>");

        if (series.Count > 1)
        {
            double x = plotLeft;
            foreach (var s in series)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.#}\" y=\"44\" width=\"12\" height=\"12\" fill=\"{s.Color}\"/>");
                sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 16:0.#}\" y=\"55\" fill=\"#1a1a1a\">{E(s.Name)}</text>");
                x += 16 + TextWidth(s.Name) + 24;
            }
        }

        // Gridlines at quarters of the scale, labelled below the plot.
        for (var q = 0; q <= 4; q++)
        {
            var gx = plotLeft + plotWidth * q / 4.0;
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{gx:0.#}\" y1=\"{top - 4}\" x2=\"{gx:0.#}\" y2=\"{top + plotHeight}\" stroke=\"{(q == 0 ? "#595959" : "#d9d9d9")}\" stroke-width=\"1\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{gx:0.#}\" y=\"{top + plotHeight + 18}\" text-anchor=\"middle\" fill=\"#595959\">{E((max * q / 4).ToString("0.#", CultureInfo.InvariantCulture) + unit)}</text>");
        }

        if (labels.Count == 0)
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{plotLeft + 8}\" y=\"{top + 18}\" fill=\"#595959\">本期无数据</text>");
        for (var row = 0; row < labels.Count; row++)
        {
            var groupTop = top + row * groupHeight + GroupGap / 2.0;
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{plotLeft - 8}\" y=\"{groupTop + series.Count * BarHeight / 2.0 + FontSize / 2.0 - 1:0.#}\" text-anchor=\"end\" fill=\"#1a1a1a\">{E(labels[row])}</text>");
            for (var s = 0; s < series.Count; s++)
            {
                var v = series[s].Values[row];
                var y = groupTop + s * BarHeight;
                var w = v is { } x ? Math.Clamp(x / max, 0, 1) * plotWidth : 0;
                if (v is not null)
                    sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{plotLeft}\" y=\"{y + 1:0.#}\" width=\"{Math.Max(w, 1):0.#}\" height=\"{BarHeight - 2}\" fill=\"{series[s].Color}\"/>");
                sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{plotLeft + w + 4:0.#}\" y=\"{y + BarHeight - 4:0.#}\" font-size=\"11\" fill=\"{(v is null ? "#595959" : "#1a1a1a")}\">{E(Value(v))}</text>");
            }
        }
        return sb.Append("</svg>").ToString();
    }

    // What a screen reader says instead of the picture: each row with its values, series named when there are several.
    private static string Describe(IReadOnlyList<string> labels, IReadOnlyList<ChartSeries> series, Func<double?, string> value) =>
        labels.Count == 0 ? "本期无数据" : string.Join("；", labels.Select((label, row) => series.Count == 1
            ? $"{label} {value(series[0].Values[row])}"
            : $"{label}：{string.Join("，", series.Select(s => $"{s.Name} {value(s.Values[row])}"))}"));

    // An estimate of the drawn width: CJK characters are square, Latin letters and digits about 0.6 of the size.
    private static double TextWidth(string text) => text.Sum(c => c >= '\u2E80' ? FontSize : FontSize * 0.6);

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
