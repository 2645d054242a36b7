namespace GovData.Domain.Audit;

/// <summary>
/// One traceable operation (000 第三十九条, 004 第二十一条): who did what to which resource, when,
/// for what purpose, by which method, approved by whom, and with what outcome.
/// </summary>
public sealed record AuditRecord
{
    /// <summary>Unique id of the record.</summary>
    public required string Id { get; init; }
    /// <summary>The jurisdiction whose trail this record belongs to.</summary>
    public required string Jurisdiction { get; init; }
    /// <summary>When the operation happened.</summary>
    public required DateTimeOffset At { get; init; }
    /// <summary>The user who acted (or "anonymous" on public endpoints, "system" for triggers).</summary>
    public required string UserId { get; init; }
    /// <summary>The acting department's unified social credit code, when there is one.</summary>
    public string? Department { get; init; }
    /// <summary>The roles the user acted in.</summary>
    public string? Roles { get; init; }
    /// <summary>What was done, as a dotted verb such as <c>catalog.entry.create</c>.</summary>
    public required string Action { get; init; }
    /// <summary>The resource acted on, such as <c>catalog/350800/entries/abc</c>.</summary>
    public required string Resource { get; init; }
    /// <summary>
    /// The department that produces the data the operation touched (the owner of the catalog entry, grant or dataset), so
    /// it can read every use of its data (000 第三十九条). Left out of the canonical form when null, so records written
    /// before it existed keep their hashes.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? DataOwner { get; init; }
    /// <summary>The data content touched: entry and data items, when the operation reads or changes data.</summary>
    public string? DataContent { get; init; }
    /// <summary>The stated purpose, where the caller gave one.</summary>
    public string? Purpose { get; init; }
    /// <summary>Who approved the use (for example the grant's approver), where there is one.</summary>
    public string? Approver { get; init; }
    /// <summary>How the data was used: API, download, verification, HTTP and so on.</summary>
    public string? Method { get; init; }
    /// <summary>The medium: the channel or format (for example "https", "csv").</summary>
    public string? Medium { get; init; }
    /// <summary>Succeeded, Refused or Failed, with a short reason where not Succeeded.</summary>
    public required AuditOutcome Outcome { get; init; }
    /// <summary>Why the outcome was not a success.</summary>
    public string? Reason { get; init; }
    /// <summary>The correlation id of the request or message that caused the operation.</summary>
    public string? RequestId { get; init; }
}

/// <summary>How an audited operation ended.</summary>
public enum AuditOutcome
{
    /// <summary>The operation happened.</summary>
    Succeeded,
    /// <summary>The operation was refused (authorization, validation or a rule).</summary>
    Refused,
    /// <summary>The operation failed for a technical reason.</summary>
    Failed,
}
