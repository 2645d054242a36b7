namespace GovData.Domain.Aggregation;

/// <summary>Where a request to remove a curated version stands (000 第四十一条: removing a version is a request someone approves).</summary>
public enum VersionRemovalState
{
    /// <summary>Asked for by the owning department; waiting for the data authority.</summary>
    Pending,
    /// <summary>The data authority approved it; the version is marked removed.</summary>
    Approved,
    /// <summary>The data authority refused it; the version stays current.</summary>
    Refused,
}

/// <summary>The data authority's decision on a removal request.</summary>
public enum VersionRemovalDecision
{
    /// <summary>Mark the version removed.</summary>
    Approve,
    /// <summary>Keep the version.</summary>
    Refuse,
}

/// <summary>The rules of version removal that need no storage: what a request and a decision must say, and the transitions.</summary>
public static class VersionRemovalRules
{
    /// <summary>Longest reason, in characters.</summary>
    public const int MaxReason = 2000;

    /// <summary>Checks a removal request: a reason is required, because the record of why data was withdrawn is what makes removal auditable.</summary>
    public static IReadOnlyList<ValidationError> ValidateRequest(string? reason) => ValidateReason("reason", reason);

    /// <summary>Checks a decision: a defined decision and a reason either way, so a refusal is as explainable as an approval.</summary>
    public static IReadOnlyList<ValidationError> ValidateDecision(VersionRemovalDecision decision, string? reason)
    {
        var errors = new List<ValidationError>();
        if (!Enum.IsDefined(decision)) errors.Add(new ValidationError("decision", "must be Approve or Refuse"));
        errors.AddRange(ValidateReason("reason", reason));
        return errors;
    }

    /// <summary>The state a decision leads to, or null when the request is no longer pending (a request is decided once).</summary>
    public static VersionRemovalState? Decide(VersionRemovalState current, VersionRemovalDecision decision) =>
        current != VersionRemovalState.Pending ? null
        : decision switch
        {
            VersionRemovalDecision.Approve => VersionRemovalState.Approved,
            VersionRemovalDecision.Refuse => VersionRemovalState.Refused,
            _ => null,
        };

    /// <summary>
    /// The version that counts as current: the highest that is not removed, or null when none is left. Removing the latest
    /// makes the one before it current again; removing an older one changes nothing.
    /// </summary>
    public static int? Current(IEnumerable<(int Version, bool Removed)> versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        int? current = null;
        foreach (var (version, removed) in versions)
            if (!removed && (current is null || version > current)) current = version;
        return current;
    }

    private static List<ValidationError> ValidateReason(string field, string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason)) return [new ValidationError(field, "give the reason")];
        if (reason.Length > MaxReason) return [new ValidationError(field, $"must be at most {MaxReason} characters")];
        return [];
    }
}
