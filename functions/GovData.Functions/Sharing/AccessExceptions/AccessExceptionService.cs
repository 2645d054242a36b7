using GovData.Domain.Audit;
using GovData.Domain.Identity;
using GovData.Domain.Sharing;
using GovData.Functions.Audit;
using GovData.Functions.Catalog;
using GovData.Functions.Hosting.Http;
using GovData.Functions.RuleSets;

namespace GovData.Functions.Sharing.AccessExceptions;

/// <summary>
/// 004 第十三条 over the data calls: a free-form query and a whole-file download are refused where the rule set forbids them
/// (access.freeQueryAllowed, access.bulkExportAllowed), unless the DataAuthority recorded an exception with reasons for the
/// department and entry. Refusals are audited and answered 422 with the rule and its article.
/// </summary>
public sealed class AccessExceptionService(AccessExceptionStore store, CatalogStore catalog, RuleSetService ruleSets, SharingDataGate gate,
    IAuditLog audit, TimeProvider time)
{
    /// <summary>Audit action of recording an exception.</summary>
    public const string ApproveAction = "sharing.access-exception.approve";

    /// <summary>Refuses a free-form query without an exception; null when the query may go ahead.</summary>
    public async Task<ShareRefusal?> CheckQueryAsync(RequestContext request, string action, DataUse use, IReadOnlyCollection<string> filtered, string medium, CancellationToken ct)
    {
        var rules = await ruleSets.ResolveAsync(use.Jurisdiction, ct);
        var entry = await catalog.FindAsync(use.Jurisdiction, use.EntryId, ct);
        var free = BulkAccess.IsFreeQuery(filtered, entry?.Entry.Published?.Content.DataItems ?? []);
        var exception = free && !rules.Access.FreeQueryAllowed.Value ? await store.FindAsync(use.Jurisdiction, request.User.Department, use.EntryId, ct) : null;
        var refusal = BulkAccess.CheckQuery(rules, use.EntryCode, free, exception, time.GetUtcNow());
        return refusal is null ? null : await RefuseAsync(request, action, use, medium, refusal, ct);
    }

    /// <summary>Refuses a whole-file download (link or file) without an exception; null when it may go ahead.</summary>
    public async Task<ShareRefusal?> CheckExportAsync(RequestContext request, string action, DataUse use, string medium, CancellationToken ct)
    {
        var rules = await ruleSets.ResolveAsync(use.Jurisdiction, ct);
        var exception = rules.Access.BulkExportAllowed.Value ? null : await store.FindAsync(use.Jurisdiction, request.User.Department, use.EntryId, ct);
        var refusal = BulkAccess.CheckBulkExport(rules, use.EntryCode, exception, time.GetUtcNow());
        return refusal is null ? null : await RefuseAsync(request, action, use, medium, refusal, ct);
    }

    /// <summary>The DataAuthority records an exception with reasons (201), or is told why not.</summary>
    public async Task<SharingAnswer<AccessException>> ApproveAsync(RequestContext request, AccessExceptionRequest body, CancellationToken ct)
    {
        var caller = request.User;
        var resource = $"sharing/{caller.Jurisdiction}/access-exceptions/{body.Department}/{body.EntryId}";
        var entry = body.EntryId is null ? null : await catalog.FindAsync(caller.Jurisdiction, body.EntryId, ct);
        var rules = await ruleSets.ResolveAsync(caller.Jurisdiction, ct);
        var input = new AccessExceptionInput(body.Department, body.EntryId, body.BulkExport, body.FreeQuery, body.Reasons, body.Until);
        var (exception, refusal) = BulkAccess.Approve(caller, input, entry?.Entry, rules, time.GetUtcNow());
        if (refusal is not null)
        {
            await audit.WriteAsync(request.AuditFor(ApproveAction, resource) with { Outcome = AuditOutcome.Refused, Reason = refusal.Kind + ": " + refusal.Reason }, ct);
            return SharingAnswer<AccessException>.Refused(refusal, "Access exception");
        }
        await store.SaveAsync(exception!, ct);
        await audit.WriteAsync(request.AuditFor(ApproveAction, resource) with
        {
            DataOwner = entry!.Department,
            Approver = caller.UserId,
            DataContent = $"{entry.Code} for {exception!.Department}: {(exception.BulkExport ? "bulk export " : "")}{(exception.FreeQuery ? "free query " : "")}until {exception.Until:O}",
            Reason = string.Join("; ", exception.Reasons),
        }, ct);
        return SharingAnswer<AccessException>.New(exception);
    }

    /// <summary>The exceptions the caller may see: all of the jurisdiction for the DataAuthority, its own for a department.</summary>
    public async Task<AccessExceptionList> ListAsync(RequestContext request, CancellationToken ct)
    {
        var caller = request.User;
        var list = await store.ListAsync(caller.Jurisdiction, caller.Has(Role.DataAuthority) ? null : caller.Department, ct);
        await audit.WriteAsync(request.AuditFor("sharing.access-exception.list", $"sharing/{caller.Jurisdiction}/access-exceptions") with { DataContent = $"{list.Count} exceptions" }, ct);
        return new AccessExceptionList(list.OrderBy(e => e.ApprovedAt).ToList());
    }

    private async Task<ShareRefusal> RefuseAsync(RequestContext request, string action, DataUse use, string medium, ShareRefusal refusal, CancellationToken ct)
    {
        await gate.AuditAsync(request, action, use, medium, SharingDataGate.Describe(use, use.Items), ct, refusal.Kind + ": " + refusal.Reason);
        return refusal;
    }
}

/// <summary>The exceptions to 004 第十三条 the caller may see, oldest first.</summary>
public sealed record AccessExceptionList(IReadOnlyList<AccessException> Items);

/// <summary>Body of POST /api/sharing/access-exceptions (DataAuthority).</summary>
public sealed record AccessExceptionRequest
{
    /// <summary>The department allowed (unified social credit code).</summary>
    public string? Department { get; init; }
    /// <summary>The catalog entry.</summary>
    public string? EntryId { get; init; }
    /// <summary>Allow whole-file download links.</summary>
    public bool BulkExport { get; init; }
    /// <summary>Allow queries that do not name identified records.</summary>
    public bool FreeQuery { get; init; }
    /// <summary>Why (required).</summary>
    public IReadOnlyList<string>? Reasons { get; init; }
    /// <summary>When the exception ends (required; within shareDecision.maxGrantPeriod).</summary>
    public DateTimeOffset? Until { get; init; }
}
