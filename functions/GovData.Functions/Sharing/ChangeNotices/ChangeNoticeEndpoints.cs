using System.Security.Cryptography;
using System.Text;
using GovData.Domain;
using GovData.Domain.Audit;
using GovData.Domain.Identity;
using GovData.Domain.Sharing.ChangeNotices;
using GovData.Functions.Audit;
using GovData.Functions.Calendar;
using GovData.Functions.Catalog;
using GovData.Functions.Errors;
using GovData.Functions.Identity;
using GovData.Functions.RuleSets;

namespace GovData.Functions.Sharing.ChangeNotices;

/// <summary>Body of POST /api/sharing/entries/{entryId}/changes.</summary>
public sealed record DeclareChangeBody
{
    /// <summary>When the data changed (default: now); not in the future.</summary>
    public DateTimeOffset? ChangedAt { get; init; }
    /// <summary>What changed.</summary>
    public string? Description { get; init; }
    /// <summary>The provider's key for this change: sending the same key again is the same change (no second notice).</summary>
    public string? Key { get; init; }
}

/// <summary>What is planned for a sharing service (002 第二十三条 系统升级、变更、停用).</summary>
public enum ServiceChangeKind
{
    /// <summary>系统升级.</summary>
    Upgrade,
    /// <summary>变更.</summary>
    Change,
    /// <summary>停用.</summary>
    Stop,
}

/// <summary>Body of POST /api/sharing/entries/{entryId}/service-changes.</summary>
public sealed record AnnounceServiceChangeBody
{
    /// <summary>Upgrade, Change or Stop.</summary>
    public ServiceChangeKind? Kind { get; init; }
    /// <summary>The day it takes effect (China date).</summary>
    public DateOnly? EffectiveDate { get; init; }
    /// <summary>What will happen and what the users must do.</summary>
    public string? Description { get; init; }
    /// <summary>The provider's key: the same key again is the same announcement.</summary>
    public string? Key { get; init; }
}

/// <summary>
/// Change notices under /api/sharing: a department's inbox (list, read one, mark read: its own only), a provider declaring a
/// change of an entry's data, and a provider announcing a planned change or stop of the entry's sharing service with the
/// rule set's lead time (dataChange.serviceChangeNotice).
/// </summary>
public static class ChangeNoticeEndpoints
{
    /// <summary>Maps the change notice endpoints on <paramref name="group"/>.</summary>
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/notices", async (HttpContext http, ChangeNoticeStore store, IAuditLog audit, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var items = await store.OfHolderAsync(caller.Jurisdiction, caller.Department, ct);
            await audit.WriteAsync(http.AuditFor("sharing.notice.list", $"sharing/{caller.Jurisdiction}/notices") with { DataContent = $"{items.Count} notices" }, ct);
            return Results.Ok(new { items = items.Select(View), unread = items.Count(n => n.ReadAt is null) });
        }).WithSummary("The department's change notices (inbox), newest first");

        group.MapGet("/notices/{id}", async (string id, HttpContext http, ChangeNoticeStore store, IAuditLog audit, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var notice = await OwnAsync(store, caller, id, ct);
            await audit.WriteAsync(http.AuditFor("sharing.notice.read", Resource(caller, id)) with
            {
                DataOwner = notice?.Provider,
                Outcome = notice is null ? AuditOutcome.Refused : AuditOutcome.Succeeded,
                Reason = notice is null ? "not found" : null,
            }, ct);
            return notice is null ? Problems.NotFound($"Notice {id}") : Results.Ok(View(notice));
        }).WithSummary("One change notice of the department, with its delivery attempts");

        group.MapPost("/notices/{id}/read", async (string id, HttpContext http, ChangeNoticeStore store, IAuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var notice = await OwnAsync(store, caller, id, ct);
            if (notice is null)
            {
                await audit.WriteAsync(http.AuditFor("sharing.notice.markRead", Resource(caller, id)) with { Outcome = AuditOutcome.Refused, Reason = "not found" }, ct);
                return Problems.NotFound($"Notice {id}");
            }
            var now = time.GetUtcNow();
            var saved = await store.UpdateAsync(caller.Jurisdiction, id, n => n.ReadAt is null ? n with { ReadAt = now } : null, ct);
            await audit.WriteAsync(http.AuditFor("sharing.notice.markRead", Resource(caller, id)) with { DataOwner = notice.Provider }, ct);
            return Results.Ok(View(saved ?? notice));
        }).WithSummary("Mark a change notice read (again: no change)");

        group.MapPost("/entries/{entryId}/changes", async (string entryId, DeclareChangeBody body, HttpContext http, CatalogStore catalog,
            ChangeNoticeService service, IAuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var resource = ChangeNoticeService.Subject(caller.Jurisdiction, entryId);
            var entry = await OwnEntryAsync(catalog, caller, entryId, ct);
            if (entry is null)
            {
                await audit.WriteAsync(http.AuditFor("sharing.change.declare", resource) with { Outcome = AuditOutcome.Refused, Reason = "not found" }, ct);
                return Problems.NotFound($"Catalog entry {entryId}");
            }
            var now = time.GetUtcNow();
            var errors = new List<ValidationError>();
            var changedAt = body.ChangedAt ?? now;
            if (changedAt > now) errors.Add(new("changedAt", "must not be in the future"));
            else if (changedAt < now.AddYears(-1)) errors.Add(new("changedAt", "must be within the last year"));
            CheckText(body.Description, "description", errors);
            CheckKey(body.Key, errors);
            if (errors.Count > 0)
            {
                await audit.WriteAsync(http.AuditFor("sharing.change.declare", resource) with { Outcome = AuditOutcome.Refused, DataOwner = entry.Department, Reason = Describe(errors) }, ct);
                return Problems.Validation(errors);
            }
            var key = body.Key ?? ChangeNoticeRules.KeyOf(changedAt.ToUniversalTime().ToString("O"), body.Description!.Trim());
            var change = new DataChange(caller.Jurisdiction, entry.Id, entry.Code, entry.Department, ChangeNoticeRules.DeclaredChangeId(entry.Id, ChangeKind.DataChanged, key),
                ChangeKind.DataChanged, null, changedAt, null, body.Description!.Trim());
            var fanOut = await service.NotifyAsync(change, ct);
            await audit.WriteAsync(http.AuditFor("sharing.change.declare", resource) with { DataOwner = entry.Department, DataContent = $"{entry.Code} {change.ChangeId} -> {fanOut.Notices.Count} holders" }, ct);
            return Results.Ok(ChangeView(change, fanOut));
        }).RequireRoles(Role.DataSteward).WithSummary("Declare that an entry's data changed: every Active grant holder is notified (001 第十六条), timed against dataChange.updateDeadline");

        group.MapPost("/entries/{entryId}/service-changes", async (string entryId, AnnounceServiceChangeBody body, HttpContext http, CatalogStore catalog,
            ChangeNoticeService service, RuleSetService ruleSets, CalendarService calendars, IAuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var resource = $"sharing/{caller.Jurisdiction}/entries/{entryId}/service-changes";
            var entry = await OwnEntryAsync(catalog, caller, entryId, ct);
            if (entry is null)
            {
                await audit.WriteAsync(http.AuditFor("sharing.serviceChange.announce", resource) with { Outcome = AuditOutcome.Refused, Reason = "not found" }, ct);
                return Problems.NotFound($"Catalog entry {entryId}");
            }
            var now = time.GetUtcNow();
            var errors = new List<ValidationError>();
            if (body.Kind is null) errors.Add(new("kind", "is required: Upgrade, Change or Stop"));
            if (body.EffectiveDate is null) errors.Add(new("effectiveDate", "is required"));
            else if (body.EffectiveDate > Domain.Calendar.ChinaTime.DateOf(now).AddYears(2)) errors.Add(new("effectiveDate", "must be within two years"));
            CheckText(body.Description, "description", errors);
            CheckKey(body.Key, errors);
            if (errors.Count > 0)
            {
                await audit.WriteAsync(http.AuditFor("sharing.serviceChange.announce", resource) with { Outcome = AuditOutcome.Refused, DataOwner = entry.Department, Reason = Describe(errors) }, ct);
                return Problems.Validation(errors);
            }
            var rules = await ruleSets.ResolveAsync(caller.Jurisdiction, ct);
            var calendar = await calendars.GetAsync(caller.Jurisdiction, ct);
            var lead = rules.DataChange.ServiceChangeNotice;
            var (earliest, earliestProvisional) = ChangeNoticeRules.EarliestEffective(calendar, now, lead.Value.Days, rules.Deadlines.DateOfReceipt.Value);
            if (body.EffectiveDate < earliest)
            {
                var cited = rules.Cite(lead);
                await audit.WriteAsync(http.AuditFor("sharing.serviceChange.announce", resource) with
                {
                    Outcome = AuditOutcome.Refused, DataOwner = entry.Department, Reason = $"effective {body.EffectiveDate:yyyy-MM-dd} is before {earliest:yyyy-MM-dd} ({cited})",
                }, ct);
                return Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, type: Problems.TypeOf("rule-violation"), title: "Refused by a rule",
                    detail: $"a {body.Kind} of the sharing service must be announced {lead.Value} ahead: effective {body.EffectiveDate:yyyy-MM-dd} is too soon, the earliest is {earliest:yyyy-MM-dd}",
                    extensions: new Dictionary<string, object?>
                    {
                        ["rule"] = cited.ToString(),
                        ["ruleKey"] = cited.Rule,
                        ["article"] = cited.Citation?.ToString(),
                        ["source"] = cited.Source,
                        ["earliestEffectiveDate"] = earliest.ToString("yyyy-MM-dd"),
                        ["earliestEffectiveDateProvisional"] = earliestProvisional,
                        ["errors"] = new[] { new { field = "effectiveDate", reason = $"must be on or after {earliest:yyyy-MM-dd}" } },
                    });
            }
            var kind = body.Kind switch { ServiceChangeKind.Upgrade => ChangeKind.ServiceUpgrade, ServiceChangeKind.Stop => ChangeKind.ServiceStop, _ => ChangeKind.ServiceChange };
            var key = body.Key ?? ChangeNoticeRules.KeyOf(body.EffectiveDate!.Value.ToString("yyyy-MM-dd"), body.Description!.Trim());
            var change = new DataChange(caller.Jurisdiction, entry.Id, entry.Code, entry.Department, ChangeNoticeRules.DeclaredChangeId(entry.Id, kind, key),
                kind, null, now, body.EffectiveDate, body.Description!.Trim());
            var fanOut = await service.NotifyAsync(change, ct);
            await audit.WriteAsync(http.AuditFor("sharing.serviceChange.announce", resource) with { DataOwner = entry.Department, DataContent = $"{entry.Code} {kind} {body.EffectiveDate:yyyy-MM-dd} -> {fanOut.Notices.Count} holders" }, ct);
            return Results.Ok(ChangeView(change, fanOut) with { EarliestEffectiveDate = earliest, EarliestEffectiveDateProvisional = earliestProvisional });
        }).RequireRoles(Role.DataSteward).WithSummary("Announce a planned upgrade, change or stop of an entry's sharing service; refused (422) unless dataChange.serviceChangeNotice working days ahead (002 第二十三条)");
    }

    /// <summary>The answer to a declared change or announcement.</summary>
    public sealed record ChangeAnswer(string ChangeId, ChangeKind Kind, string EntryId, DateTimeOffset ChangedAt, DateOnly? EffectiveDate, int Notified,
        IReadOnlyList<string> Holders, bool? OnTime, DateTimeOffset? DueAt, string? Rule, DateOnly? EarliestEffectiveDate = null, bool? DueProvisional = null,
        bool? EarliestEffectiveDateProvisional = null);

    private static ChangeAnswer ChangeView(DataChange c, ChangeFanOut f) =>
        new(c.ChangeId, c.Kind, c.EntryId, c.ChangedAt, c.EffectiveDate, f.Notices.Count, f.Notices.Select(n => n.Holder).ToArray(), f.OnTime, f.DueAt, f.Rule,
            DueProvisional: f.DueProvisional);

    private static object View(ChangeNoticeDocument n) => new
    {
        n.Id, n.Kind, n.ChangeId, n.EntryId, n.EntryCode, n.Provider, n.GrantId, n.Version, n.ChangedAt, n.EffectiveDate, n.Description,
        n.NoticeAt, n.Rule, n.ReadAt, read = n.ReadAt is not null, delivery = n.Delivery, attempts = n.Attempts,
    };

    private static string Resource(Caller caller, string id) => $"sharing/{caller.Jurisdiction}/notices/{id}";

    // A department sees only its own notices; any other id is 404, so ids cannot be probed.
    private static async Task<ChangeNoticeDocument?> OwnAsync(ChangeNoticeStore store, Caller caller, string id, CancellationToken ct)
    {
        var n = await store.FindAsync(caller.Jurisdiction, id, ct);
        return n is not null && caller.BelongsTo(n.Holder) ? n : null;
    }

    private static async Task<CatalogEntryDocument?> OwnEntryAsync(CatalogStore catalog, Caller caller, string entryId, CancellationToken ct)
    {
        var entry = await catalog.FindAsync(caller.Jurisdiction, entryId, ct);
        return entry is not null && caller.ActsIn(entry.Jurisdiction) && caller.BelongsTo(entry.Department) ? entry : null;
    }

    private static void CheckText(string? text, string field, List<ValidationError> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) errors.Add(new(field, "is required"));
        else if (text.Length > ChangeNoticeRules.MaxDescription) errors.Add(new(field, $"must be at most {ChangeNoticeRules.MaxDescription} characters"));
        else if (text.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t')) errors.Add(new(field, "must not contain control characters"));
    }

    private static void CheckKey(string? key, List<ValidationError> errors)
    {
        if (key is not null && (key.Length is 0 or > 64 || !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
            errors.Add(new("key", "must be 1 to 64 letters, digits, '-', '_' or '.'"));
    }

    private static string Describe(IEnumerable<ValidationError> errors) => string.Join("; ", errors.Select(e => $"{e.Field}: {e.Reason}"));
}
