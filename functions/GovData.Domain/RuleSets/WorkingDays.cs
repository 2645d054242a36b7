namespace GovData.Domain.RuleSets;

/// <summary>A deadline counted in working days (工作日), as every deadline in the regulations is.</summary>
public readonly record struct WorkingDays : IComparable<WorkingDays>
{
    /// <summary>The shortest deadline a rule set may set.</summary>
    public const int Min = 1;
    /// <summary>The longest deadline a rule set may set: no regulation goes beyond 20; 60 leaves room without allowing requests to be parked.</summary>
    public const int Max = 60;

    /// <summary>Creates a deadline; it must be positive (bounds for rule sets are checked by the amendment validator).</summary>
    public WorkingDays(int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(days);
        Days = days;
    }

    /// <summary>The number of working days.</summary>
    public int Days { get; }

    /// <inheritdoc />
    public int CompareTo(WorkingDays other) => Days.CompareTo(other.Days);

    /// <inheritdoc />
    public override string ToString() => Days == 1 ? "1 working day" : $"{Days} working days";
}

/// <summary>A period counted in calendar months, used for retention and grant periods.</summary>
public readonly record struct Months : IComparable<Months>
{
    /// <summary>Creates a period; it must be positive.</summary>
    public Months(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        Count = count;
    }

    /// <summary>The number of months.</summary>
    public int Count { get; }

    /// <summary>Adds the period to a date, the way a retention or a grant end is computed.</summary>
    public DateOnly AddTo(DateOnly date) => date.AddMonths(Count);

    /// <inheritdoc />
    public int CompareTo(Months other) => Count.CompareTo(other.Count);

    /// <summary>Whether <paramref name="left"/> is shorter than <paramref name="right"/>.</summary>
    public static bool operator <(Months left, Months right) => left.Count < right.Count;
    /// <summary>Whether <paramref name="left"/> is longer than <paramref name="right"/>.</summary>
    public static bool operator >(Months left, Months right) => left.Count > right.Count;
    /// <summary>Whether <paramref name="left"/> is at most <paramref name="right"/>.</summary>
    public static bool operator <=(Months left, Months right) => left.Count <= right.Count;
    /// <summary>Whether <paramref name="left"/> is at least <paramref name="right"/>.</summary>
    public static bool operator >=(Months left, Months right) => left.Count >= right.Count;

    /// <inheritdoc />
    public override string ToString() => Count % 12 == 0 ? $"{Count} months ({Count / 12} year{(Count == 12 ? "" : "s")})" : $"{Count} months";
}
