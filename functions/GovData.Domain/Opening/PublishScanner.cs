namespace GovData.Domain.Opening;

/// <summary>
/// The pre-publish scanner: looks at every value of every column not explicitly allowed and records anything that still
/// looks like a resident ID number, mobile number or bank card number. A file with any finding must not be published.
/// Keeps at most <c>maxFindings</c> findings (and the total count) so memory stays flat on a bad million-row file.
/// </summary>
public sealed class PublishScanner(int maxFindings = 100)
{
    private readonly List<ScanFinding> _findings = [];

    /// <summary>The first findings, in file order.</summary>
    public IReadOnlyList<ScanFinding> Findings => _findings;

    /// <summary>How many identifiers were found in all (may exceed <see cref="Findings"/>.Count).</summary>
    public long FindingCount { get; private set; }

    /// <summary>Whether nothing was found.</summary>
    public bool IsClean => FindingCount == 0;

    /// <summary>Scans one value; returns whether it held anything. Allocates only for findings.</summary>
    public bool Scan(long row, string column, ReadOnlySpan<char> value)
    {
        var from = 0;
        var found = false;
        while (IdentifierMatcher.TryFindNext(value, from, IdentifierKind.Scanned, out var m))
        {
            found = true;
            FindingCount++;
            if (_findings.Count < maxFindings) _findings.Add(new ScanFinding(row, column, m.Kind, MaskedText(value, m)));
            from = m.End;
        }
        return found;
    }

    private static string MaskedText(ReadOnlySpan<char> value, IdentifierMatch m)
    {
        var buffer = new char[value.Length];
        Masks.MaskMatch(m, value, buffer);
        return new string(buffer, m.Start, m.Length);
    }
}
