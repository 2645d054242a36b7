using GovData.Domain.Catalog;

namespace GovData.Functions.Sharing;

/// <summary>Body of POST /api/sharing/requests.</summary>
public sealed record FileShareBody
{
    /// <summary>The catalog entry's id.</summary>
    public string? EntryId { get; init; }
    /// <summary>The data items wanted, a subset of the entry's.</summary>
    public IReadOnlyList<string>? Items { get; init; }
    /// <summary>The scope of use.</summary>
    public string? Scope { get; init; }
    /// <summary>The purpose.</summary>
    public string? Purpose { get; init; }
    /// <summary>The sharing method, one of the entry's.</summary>
    public SharingMethod? Method { get; init; }
    /// <summary>How long the grant should run, in months.</summary>
    public int? PeriodMonths { get; init; }
    /// <summary>The users who will use the data (default: the filer).</summary>
    public IReadOnlyList<string>? Users { get; init; }
    /// <summary>Why the green channel is needed (an emergency), where the jurisdiction has one.</summary>
    public string? GreenChannelReason { get; init; }
}

/// <summary>Body of the approve event.</summary>
public sealed record ApproveBody
{
    /// <summary>The items approved (default: every item still approvable).</summary>
    public IReadOnlyList<string>? Items { get; init; }
    /// <summary>Conditions of use.</summary>
    public string? Conditions { get; init; }
    /// <summary>The caller's idempotency key: the same id again is answered with the current state.</summary>
    public string? EventId { get; init; }
}

/// <summary>Body of the refuse event.</summary>
public sealed record RefuseBody
{
    /// <summary>Why (required).</summary>
    public IReadOnlyList<string>? Reasons { get; init; }
    /// <summary>The caller's idempotency key.</summary>
    public string? EventId { get; init; }
}

/// <summary>Body of the withdraw and dispute events.</summary>
public sealed record ReasonBody
{
    /// <summary>Why (required for a dispute).</summary>
    public string? Reason { get; init; }
    /// <summary>The caller's idempotency key.</summary>
    public string? EventId { get; init; }
}

/// <summary>Body of the accept event.</summary>
public sealed record AcceptBody
{
    /// <summary>The data use agreement is accepted (must be true).</summary>
    public bool DataUseAgreement { get; init; }
    /// <summary>The security and confidentiality agreement is signed (needed for personal or sensitive items).</summary>
    public bool ConfidentialityAgreement { get; init; }
    /// <summary>The caller's idempotency key.</summary>
    public string? EventId { get; init; }
}

/// <summary>The CoordinationOffice's conclusion on a dispute.</summary>
public enum DisputeVerdict
{
    /// <summary>The refusal stands.</summary>
    Uphold,
    /// <summary>The refusal is overturned; the requester may accept the agreements.</summary>
    Overturn,
}

/// <summary>Body of the dispute-decision event.</summary>
public sealed record DisputeDecisionBody
{
    /// <summary>Uphold or Overturn.</summary>
    public DisputeVerdict? Decision { get; init; }
    /// <summary>Why (required).</summary>
    public IReadOnlyList<string>? Reasons { get; init; }
    /// <summary>On Overturn, the items approved (default: all requested).</summary>
    public IReadOnlyList<string>? Items { get; init; }
    /// <summary>On Overturn, conditions of use.</summary>
    public string? Conditions { get; init; }
    /// <summary>The caller's idempotency key.</summary>
    public string? EventId { get; init; }
}

/// <summary>Body of the green-channel event.</summary>
public sealed record GreenChannelBody
{
    /// <summary>Approve (true) or refuse (false) the green channel.</summary>
    public bool? Approve { get; init; }
    /// <summary>A note (required to refuse).</summary>
    public string? Note { get; init; }
    /// <summary>The caller's idempotency key.</summary>
    public string? EventId { get; init; }
}

/// <summary>Body of events that carry nothing else.</summary>
public sealed record EventIdBody
{
    /// <summary>The caller's idempotency key.</summary>
    public string? EventId { get; init; }
}

/// <summary>Body of POST /api/sharing/grants/{id}/revoke.</summary>
public sealed record RevokeBody
{
    /// <summary>Why (required).</summary>
    public IReadOnlyList<string>? Reasons { get; init; }
}

/// <summary>Body of the access checks.</summary>
public sealed record AccessCheckBody
{
    /// <summary>The items to be used.</summary>
    public IReadOnlyList<string>? Items { get; init; }
    /// <summary>How.</summary>
    public SharingMethod? Method { get; init; }
    /// <summary>For what (recorded in the audit log).</summary>
    public string? Purpose { get; init; }
}

/// <summary>Body of POST /api/sharing/filings.</summary>
public sealed record FilingBody
{
    /// <summary>The Unconditional entry to be used.</summary>
    public string? EntryId { get; init; }
    /// <summary>What it will be used for.</summary>
    public string? Purpose { get; init; }
}
