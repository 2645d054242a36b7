using GovData.Domain.Audit;
using GovData.Domain.Calendar;
using GovData.Domain.Catalog;
using GovData.Domain.Identity;
using GovData.Domain.Sharing;
using GovData.Functions.Audit;
using GovData.Functions.Catalog;
using GovData.Functions.Hosting.Http;
using GovData.Functions.RuleSets;
using GovData.Functions.Supervision;

namespace GovData.Functions.Sharing;

/// <summary>Which door a data call comes through: a grant (Conditional data) or direct use of an entry (Unconditional data).</summary>
public sealed record DataScope(bool IsGrant, string Id)
{
    /// <summary>Under grant <paramref name="id"/>.</summary>
    public static DataScope Grant(string id) => new(true, id);

    /// <summary>Directly on catalog entry <paramref name="id"/>.</summary>
    public static DataScope Entry(string id) => new(false, id);

    /// <summary>The scope as bound into tokens.</summary>
    public override string ToString() => (IsGrant ? "grant:" : "entry:") + Id;
}

/// <summary>One use that passed the access rules: whose data, which entry, which items, how and what for.</summary>
public sealed record DataUse(DataScope Scope, string Jurisdiction, string EntryId, string EntryCode, string Provider, IReadOnlyList<string> Items,
    SharingMethod Method, string Purpose, string? Approver, string Resource);

/// <summary>The gate's answer: a use, or the refusal to answer (already audited).</summary>
public sealed record DataGateResult(DataUse? Use, SharingRefusal? Refusal);

/// <summary>
/// Puts every data call through the same rules as the access checks (<see cref="ShareAccess"/>): under a grant only its
/// users, items, method and purpose while it is active; directly only Unconditional data, after a filing where the rule set
/// asks for one. A refusal is audited and answered as the access checks answer it, and a holder's use outside its grant
/// raises the same once-a-day finding (000 第四十二条).
/// </summary>
public sealed class SharingDataGate(ShareStore store, CatalogStore catalog, RuleSetService ruleSets, IFindingSink findings, IAuditLog audit, TimeProvider time)
{
    /// <summary>
    /// Checks one use. <paramref name="items"/> are the items the caller wants back (null: every item it may use);
    /// <paramref name="compared"/> are items it only compares against (filters, verification values), which must be allowed too,
    /// or comparing would reveal them.
    /// </summary>
    public async Task<DataGateResult> CheckAsync(RequestContext request, string action, DataScope scope, IReadOnlyList<string>? items, IReadOnlyList<string> compared,
        SharingMethod method, string? purpose, string medium, CancellationToken ct)
    {
        var caller = request.User;
        var now = time.GetUtcNow();
        items = items?.Distinct(StringComparer.Ordinal).ToArray();
        if (scope.IsGrant)
        {
            var resource = $"sharing/{caller.Jurisdiction}/grants/{scope.Id}";
            var doc = await store.FindAsync(caller.Jurisdiction, scope.Id, ct);
            // Grants are for their holder and their provider only; anyone else gets 404, so ids cannot be probed.
            if (doc?.Request.Grant is not { } grant || !(caller.BelongsTo(doc.Request.Requester) || caller.BelongsTo(doc.Request.Provider)))
            {
                await audit.WriteAsync(request.AuditFor(action, resource) with { Method = method.ToString(), Medium = medium, Outcome = AuditOutcome.Refused, Reason = "not found" }, ct);
                return new(null, SharingRefusal.NotFound($"Grant {scope.Id}"));
            }
            var wanted = Combine(items ?? grant.Items, compared);
            var use = new DataUse(scope, caller.Jurisdiction, doc.Request.Terms.EntryId, doc.Request.Terms.EntryCode, doc.Provider, items ?? grant.Items, method,
                purpose?.Trim() ?? "", string.Join(",", grant.ApprovedBy), resource);
            if (ShareAccess.CheckGrant(doc.Request, caller, new AccessAsk(wanted, method, purpose), now) is { } refusal)
            {
                await RefusedAsync(request, action, use, wanted, medium, refusal.Kind + ": " + refusal.Reason, ct);
                if (refusal.Kind == ShareRefusalKind.Forbidden && caller.BelongsTo(doc.Requester))
                    await findings.RaiseAsync(new Finding($"finding:share-grant:{scope.Id}:scope:{ChinaTime.DateOf(now):yyyyMMdd}", caller.Jurisdiction, doc.Requester,
                        "grant.scope", "000 第四十二条; 001 第十七条; 004 第十二条", resource, now, now,
                        $"超出授权 {scope.Id}（{doc.Request.Terms.EntryCode}）范围使用数据，已被拒绝：{refusal.Reason}"), ct);
                return new(null, new SharingRefusal(refusal, $"Grant {scope.Id}"));
            }
            return new(use, null);
        }
        else
        {
            var resource = $"catalog/{caller.Jurisdiction}/entries/{scope.Id}";
            var entry = await catalog.FindAsync(caller.Jurisdiction, scope.Id, ct);
            var rules = await ruleSets.ResolveAsync(caller.Jurisdiction, ct);
            var filed = entry is not null && await store.HasFilingAsync(caller.Jurisdiction, caller.Department, scope.Id, ct);
            var all = entry?.Entry.Published?.Content.DataItems.Select(d => d.Name).ToArray() ?? [];
            var wanted = Combine(items ?? all, compared);
            var use = new DataUse(scope, caller.Jurisdiction, scope.Id, entry?.Code ?? "", entry?.Department ?? "", items ?? all, method, purpose?.Trim() ?? "", null, resource);
            if (ShareAccess.CheckDirect(entry?.Entry, caller, new AccessAsk(wanted, method, purpose), rules, filed, now) is { } refusal)
            {
                await RefusedAsync(request, action, use with { Provider = entry?.Department ?? "" }, wanted, medium, refusal.Kind + ": " + refusal.Reason, ct);
                return new(null, new SharingRefusal(refusal, $"Catalog entry {scope.Id}"));
            }
            return new(use, null);
        }
    }

    /// <summary>Audits a use that went ahead (or, with <paramref name="refusal"/>, one refused after the gate).</summary>
    public Task AuditAsync(RequestContext request, string action, DataUse use, string medium, string content, CancellationToken ct, string? refusal = null) =>
        audit.WriteAsync(request.AuditFor(action, use.Resource) with
        {
            DataOwner = use.Provider.Length > 0 ? use.Provider : null,
            Purpose = use.Purpose.Length > 0 ? use.Purpose : null,
            Approver = use.Approver,
            DataContent = content,
            Method = use.Method.ToString(),
            Medium = medium,
            Outcome = refusal is null ? AuditOutcome.Succeeded : AuditOutcome.Refused,
            Reason = refusal,
        }, ct);

    /// <summary>The items of a use, for the audit record.</summary>
    public static string Describe(DataUse use, IEnumerable<string> items) => $"{use.EntryCode} [{string.Join(",", items.Take(50))}]";

    private Task RefusedAsync(RequestContext request, string action, DataUse use, IReadOnlyList<string> wanted, string medium, string reason, CancellationToken ct) =>
        AuditAsync(request, action, use, medium, Describe(use, wanted), ct, reason);

    private static List<string> Combine(IReadOnlyList<string> items, IReadOnlyList<string> compared) =>
        items.Concat(compared).Distinct(StringComparer.Ordinal).ToList();
}
