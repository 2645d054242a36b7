using GovData.Domain.Catalog;

namespace GovData.Domain.Opening;

/// <summary>
/// An entry's open configuration (开放配置): the desensitization plan the owning department set for it, checked against
/// the catalog version it was written for. A publish uses the configuration in force when it is requested.
/// </summary>
public sealed record OpenConfiguration(DesensitizationPlan Plan, int CatalogVersion, string SetBy, DateTimeOffset SetAt);

/// <summary>Rules of open datasets that need no I/O: ids, configuration, and the publish workflow's states.</summary>
public static class OpenDatasetRules
{
    /// <summary>The longest id accepted in a public URL or a blob name.</summary>
    public const int MaxIdLength = 64;

    /// <summary>
    /// Why <paramref name="id"/> cannot name a dataset, application or demand, or null when it can: 1 to 64 ASCII letters,
    /// digits, '-' or '_'. Ids end up in blob names, so nothing that could be read as a path (., /, \, %) gets through.
    /// </summary>
    public static string? ValidateId(string? id)
    {
        if (string.IsNullOrEmpty(id)) return "is required";
        if (id.Length > MaxIdLength) return $"must be at most {MaxIdLength} characters";
        foreach (var c in id)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                return "may contain only letters, digits, '-' and '_'";
        return null;
    }

    /// <summary>
    /// Why <paramref name="plan"/> cannot be the open configuration of <paramref name="published"/>: the entry must be open
    /// (not NotOpen), every data item needs a strategy (personal and sensitive ones a real one), and a keyed hash needs the
    /// platform secret to be configured.
    /// </summary>
    public static IReadOnlyList<ValidationError> ValidateConfiguration(CatalogContent published, DesensitizationPlan? plan, bool pseudonymSecretConfigured)
    {
        ArgumentNullException.ThrowIfNull(published);
        var errors = new List<ValidationError>();
        if (published.OpenType == OpenType.NotOpen)
            errors.Add(new("openType", "the catalog entry's open type is NotOpen; only entries in the open catalog can be opened (000 第二十九条, 004 第十六条)"));
        if (plan is null)
        {
            errors.Add(new("desensitization", "is required"));
            return errors;
        }
        errors.AddRange(plan.Validate(published.DataItems));
        if (!pseudonymSecretConfigured && plan.Items is not null)
            for (var i = 0; i < plan.Items.Count; i++)
                if (plan.Items[i]?.Method == DesensitizationMethod.KeyedHash)
                    errors.Add(new($"desensitization.items[{i}].method", "KeyedHash needs the platform secret Opening:PseudonymSecret, which is not configured"));
        return errors;
    }

    /// <summary>The blob name of a curated version, as aggregation writes it (container <c>curated</c>).</summary>
    public static string CuratedBlob(string jurisdiction, string entryId, int version) =>
        $"{jurisdiction}/{entryId}/v{version.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)}/data.csv";

    /// <summary>The blob name of a published file (container <c>open</c>); <paramref name="extension"/> is csv or jsonl.</summary>
    public static string OpenBlob(string jurisdiction, string entryId, int version, string extension) =>
        $"{jurisdiction}/{entryId}/v{version.ToString(System.Globalization.CultureInfo.InvariantCulture)}/data.{extension}";

    /// <summary>The blob name of a staged file (container <c>reports</c>, never public).</summary>
    public static string StagingBlob(string jurisdiction, string entryId, string publishId, string extension) =>
        $"staging/opening/{jurisdiction}/{entryId}/{publishId}/data.{extension}";
}

/// <summary>Where a publish request is (002 第二十七条: the security review comes before anything is public).</summary>
public enum PublishState
{
    /// <summary>Queued for the publish job (desensitize into staging, scan).</summary>
    Requested,
    /// <summary>The scanner found identifiers in the desensitized output: nothing may be published; the staging files are deleted.</summary>
    Refused,
    /// <summary>The curated file or the plan could not be used; nothing may be published.</summary>
    Invalid,
    /// <summary>Desensitized and clean: waiting for the DataAuthority's security review.</summary>
    AwaitingReview,
    /// <summary>The DataAuthority refused it with reasons; nothing is published.</summary>
    Rejected,
    /// <summary>Approved; the files are being copied to the public container.</summary>
    Approved,
    /// <summary>The files are public as open version <c>Version</c>.</summary>
    Published,
}

/// <summary>The transitions of a publish request.</summary>
public static class PublishWorkflow
{
    /// <summary>True when the request can no longer change.</summary>
    public static bool IsFinal(PublishState state) => state is PublishState.Refused or PublishState.Invalid or PublishState.Rejected or PublishState.Published;

    /// <summary>Why the security review cannot be recorded now (null when it can); reasons are required to reject.</summary>
    public static ValidationError? CheckReview(PublishState state, bool approve, IReadOnlyList<string>? reasons)
    {
        if (state != PublishState.AwaitingReview) return new("state", $"the publish request is {state}; only a request AwaitingReview can be reviewed");
        if (!approve && (reasons is null || reasons.Count == 0 || reasons.Any(string.IsNullOrWhiteSpace)))
            return new("reasons", "a rejection needs at least one non-empty reason");
        if (reasons is { Count: > 20 } || reasons?.Any(r => r?.Length > 500) == true)
            return new("reasons", "at most 20 reasons of at most 500 characters");
        return null;
    }
}
