using GovData.Domain.Catalog;
using GovData.Domain.Sharing;
using GovData.Functions.Sharing.Requests;

namespace GovData.Functions.Sharing.Grants;

/// <summary>The grants the caller's department holds or provides.</summary>
public sealed record ShareGrantList(IReadOnlyList<ShareGrantView> Items);

/// <summary>One use under a grant, allowed and recorded.</summary>
public sealed record GrantAccessView(bool Allowed, string Grant, string EntryId, IReadOnlyList<string>? Items, SharingMethod? Method, string Purpose,
    DateTimeOffset ExpiresAt, string? Conditions);

/// <summary>One direct use of Unconditional data, allowed and recorded.</summary>
public sealed record DirectAccessView(bool Allowed, string EntryId, string Code, SharingType? SharingType, IReadOnlyList<string>? Items, SharingMethod? Method,
    string? Purpose, bool Filed);

/// <summary>A filing (备案) before using Unconditional data.</summary>
public sealed record ShareFilingView(string Id, string Department, string EntryId, string EntryCode, string Purpose, string FiledBy, DateTimeOffset FiledAt, string Rule)
{
    /// <summary>The view of <paramref name="f"/>.</summary>
    public static ShareFilingView Of(ShareFilingDocument f) => new(f.Id, f.Department, f.EntryId, f.EntryCode, f.Purpose, f.FiledBy, f.FiledAt, f.Rule);
}

/// <summary>
/// What revoking a grant came to: the request as stored (after the revocation, or as it was when this repeated one already
/// done), or the refusal with the request as it is now (a conflict names its state); a stale If-Match is its own case (412).
/// </summary>
public sealed record GrantRevocation(ShareRequestDocument? Document, ShareRefusal? Refusal, string What, ShareRequest? Current = null, bool Duplicate = false,
    bool PreconditionFailed = false);
