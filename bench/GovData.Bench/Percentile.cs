namespace GovData.Bench;

/// <summary>The nearest-rank percentile the benchmarks print.</summary>
internal static class Percentile
{
    /// <summary>The value at rank ceil(p·n) of <paramref name="sorted"/> (ascending), or NaN when it is empty.</summary>
    public static double OfSorted(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
