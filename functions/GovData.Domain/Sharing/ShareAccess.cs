using GovData.Domain.Catalog;
using GovData.Domain.Identity;
using GovData.Domain.RuleSets;

namespace GovData.Domain.Sharing;

/// <summary>One intended use of shared data: which items, by which method, for which purpose.</summary>
public sealed record AccessAsk(IReadOnlyList<string>? Items, SharingMethod? Method, string? Purpose);

/// <summary>
/// Decides whether one use of shared data is allowed: under a grant (only its users, items, method and purpose, while it
/// is active; 001 第十七条, 002 第二十二条, 003 第八条, 004 第十二条) or directly for Unconditional data (000 第二十五条,
/// 002 第二十一条; after a filing where the rule set requires it, 003 第八条). Null means allowed.
/// </summary>
public static class ShareAccess
{
    /// <summary>Checks a use under the grant of <paramref name="r"/>.</summary>
    public static ShareRefusal? CheckGrant(ShareRequest r, Caller caller, AccessAsk ask, DateTimeOffset at)
    {
        if (!ShareWorkflow.CanSee(r, caller) || r.Grant is not { } grant) return ShareRefusal.NotFound($"grant {r.Id}");
        if (Basic(ask) is { } invalid) return invalid;
        if (!caller.BelongsTo(r.Requester)) return ShareRefusal.Forbidden($"the grant is for department {r.Requester}; only its users use the data");
        switch (grant.StateAt(at))
        {
            case GrantState.Revoked:
                return ShareRefusal.Forbidden($"the grant was revoked on {grant.RevokedAt:O}: {string.Join("; ", grant.RevokeReasons ?? [])}");
            case GrantState.Expired:
                return ShareRefusal.Forbidden($"the grant expired on {grant.ExpiresAt:O}; file a new request");
        }
        if (!grant.Users.Contains(caller.UserId, StringComparer.Ordinal))
            return ShareRefusal.Forbidden($"user {caller.UserId} is not one of the grant's users");
        var outside = ask.Items!.Where(i => !grant.Items.Contains(i, StringComparer.Ordinal)).ToArray();
        if (outside.Length > 0) return ShareRefusal.Forbidden($"items outside the grant: {string.Join(", ", outside)}; granted: {string.Join(", ", grant.Items)}");
        if (ask.Method != grant.Method) return ShareRefusal.Forbidden($"the grant allows {grant.Method} only, not {ask.Method}");
        if (!string.Equals(ask.Purpose!.Trim(), grant.Purpose, StringComparison.Ordinal))
            return ShareRefusal.Forbidden("granted data serves the granted purpose only (001 第十七条, 002 第二十二条, 004 第十二条); this purpose differs");
        return null;
    }

    /// <summary>Checks a direct use of an entry's data; <paramref name="filed"/> says whether the department's filing exists.</summary>
    public static ShareRefusal? CheckDirect(CatalogEntry? entry, Caller caller, AccessAsk ask, EffectiveRuleSet rules, bool filed, DateTimeOffset at)
    {
        if (entry is null || !entry.IsListed || !caller.ActsIn(entry.Jurisdiction)) return ShareRefusal.NotFound("catalog entry");
        if (Basic(ask) is { } invalid) return invalid;
        var content = entry.Published!.Content;
        var errors = new List<ValidationError>();
        for (var i = 0; i < ask.Items!.Count; i++)
            if (!content.DataItems.Any(d => d.Name == ask.Items[i])) errors.Add(new($"items[{i}]", $"'{ask.Items[i]}' is not a data item of entry {content.Code}"));
        if (!content.SharingMethods.Contains(ask.Method!.Value)) errors.Add(new("method", $"{ask.Method} is not offered for this entry; it offers {string.Join(", ", content.SharingMethods)}"));
        if (errors.Count > 0) return ShareRefusal.Invalid(errors);
        if (caller.BelongsTo(entry.Department)) return null;
        var type = entry.EffectiveSharingTypeAt(at)!.Value;
        var category = rules.Sharing.For(type);
        return category.Value.Access switch
        {
            SharingAccess.Direct => null,
            SharingAccess.DirectAfterFiling when filed => null,
            SharingAccess.DirectAfterFiling => ShareRefusal.Violation($"file (备案) before using entry {content.Code} ({rules.Cite(category)})", category.Key),
            _ => ShareRefusal.Forbidden($"entry {content.Code} is {type}: it is used only under a grant ({rules.Cite(category)})"),
        };
    }

    /// <summary>Whether filing (备案) for <paramref name="entry"/> is possible and needed: only for Unconditional data where the rule set asks for it.</summary>
    public static ShareRefusal? CheckFiling(CatalogEntry? entry, Caller caller, string? purpose, EffectiveRuleSet rules, DateTimeOffset at)
    {
        if (!caller.Has(Role.DataSteward)) return ShareRefusal.Forbidden("a DataSteward files for the department");
        if (entry is null || !entry.IsListed || !caller.ActsIn(entry.Jurisdiction)) return ShareRefusal.Invalid("entryId", "names no published catalog entry of your jurisdiction");
        if (string.IsNullOrWhiteSpace(purpose)) return ShareRefusal.Invalid("purpose", "is required and must not be empty");
        if (purpose.Length > ShareWorkflow.MaxText) return ShareRefusal.Invalid("purpose", $"must be at most {ShareWorkflow.MaxText} characters");
        var type = entry.EffectiveSharingTypeAt(at)!.Value;
        var category = rules.Sharing.For(type);
        if (category.Value.Access != SharingAccess.DirectAfterFiling)
            return ShareRefusal.Violation($"entry {entry.Published!.Content.Code} ({type}) needs no filing here: its access is {category.Value.Access} ({rules.Cite(category)})", category.Key);
        return null;
    }

    private static ShareRefusal? Basic(AccessAsk ask)
    {
        var errors = new List<ValidationError>();
        if (ask.Items is null || ask.Items.Count == 0) errors.Add(new("items", "must name at least one data item"));
        else if (ask.Items.Count > ShareWorkflow.MaxItems) errors.Add(new("items", $"at most {ShareWorkflow.MaxItems} items"));
        if (ask.Method is not { } m || !Enum.IsDefined(m)) errors.Add(new("method", "is required"));
        if (string.IsNullOrWhiteSpace(ask.Purpose)) errors.Add(new("purpose", "is required: every use records its purpose (004 第二十一条)"));
        else if (ask.Purpose.Length > ShareWorkflow.MaxText) errors.Add(new("purpose", $"must be at most {ShareWorkflow.MaxText} characters"));
        return errors.Count > 0 ? ShareRefusal.Invalid(errors) : null;
    }
}
