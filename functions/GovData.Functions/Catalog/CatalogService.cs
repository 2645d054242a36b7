using GovData.Domain.Audit;
using GovData.Domain.Catalog;
using GovData.Domain.Identity;
using GovData.Functions.Audit;
using GovData.Functions.Errors;
using GovData.Functions.Identity;

namespace GovData.Functions.Catalog;

/// <summary>
/// Runs one catalog operation the same way every time: read the entry with its ETag, apply the pure transition, write it
/// back under the ETag (two reviewers at once: one wins, the other gets 409), follow up deadlines, audit, answer.
/// </summary>
public sealed class CatalogService(CatalogStore store, CatalogDeadlines deadlines, IAuditLog audit, TimeProvider time)
{
    /// <summary>The audit resource of an entry.</summary>
    public static string Resource(string jurisdiction, string id) => $"catalog/{jurisdiction}/entries/{id}";

    /// <summary>Loads, transitions, stores and audits; answers the entry as the caller may see it.</summary>
    public async Task<IResult> MutateAsync(HttpContext http, string id, string action,
        Func<CatalogEntry, Caller, DateTimeOffset, Task<CatalogOutcome>> operation, CancellationToken ct)
    {
        var caller = http.GetCaller();
        var doc = await store.FindAsync(caller.Jurisdiction, id, ct);
        if (doc is null || !CatalogWorkflow.CanSee(doc.Entry, caller)) return Problems.NotFound($"Catalog entry {id}");
        var now = time.GetUtcNow();
        var outcome = await operation(doc.Entry, caller, now);
        if (outcome.Refusal is { } refusal) return await RefuseAsync(http, action, Resource(caller.Jurisdiction, id), refusal, ct, doc.Department);
        CatalogEntryDocument saved;
        try
        {
            saved = await store.ReplaceAsync(doc.Entry, outcome.Entry!, doc.ETag!, ct);
        }
        catch (EntryChangedException e) { return await RefuseAsync(http, action, Resource(caller.Jurisdiction, id), new CatalogRefusal(RefusalKind.Conflict, e.Message, []), ct, doc.Department); }
        catch (CodeTakenException e) { return Problems.Conflict(e.Message, "code"); }
        await deadlines.AfterChangeAsync(doc.Entry, saved.Entry, ct);
        await audit.WriteAsync(http.AuditFor(action, Resource(caller.Jurisdiction, id)) with { DataContent = Describe(saved.Entry), DataOwner = saved.Department }, ct);
        return Results.Ok(CatalogViews.Entry(saved, caller, now));
    }

    /// <summary>Audits a refusal (with the entry's department as the data owner when known) and answers the matching problem.</summary>
    public async Task<IResult> RefuseAsync(HttpContext http, string action, string resource, CatalogRefusal refusal, CancellationToken ct, string? owner = null)
    {
        await audit.WriteAsync(http.AuditFor(action, resource) with { Outcome = AuditOutcome.Refused, Reason = refusal.Kind + ": " + refusal.Reason, DataOwner = owner }, ct);
        return ToProblem(refusal, resource);
    }

    /// <summary>The problem for a refusal.</summary>
    public static IResult ToProblem(CatalogRefusal refusal, string what) => refusal.Kind switch
    {
        RefusalKind.NotFound => Problems.NotFound(what),
        RefusalKind.Forbidden => Problems.Forbidden(refusal.Reason),
        RefusalKind.Conflict => Problems.Conflict(refusal.Reason),
        _ => Problems.Validation(refusal.Errors),
    };

    /// <summary>The entry in one line for the audit record's data content.</summary>
    public static string Describe(CatalogEntry e)
    {
        var v = e.Working ?? e.Published!;
        return $"{v.Content.Code} v{v.Number} {v.Content.Name} [{string.Join(",", v.Content.DataItems.Select(i => i.Name).Take(50))}]";
    }
}
