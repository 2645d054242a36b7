using GovData.Domain;
using GovData.Domain.Audit;
using GovData.Domain.Identity;
using GovData.Domain.Sharing;
using GovData.Domain.Sharing.ChangeNotices;
using GovData.Functions.Audit;
using GovData.Functions.Calendar;
using GovData.Functions.Catalog;
using GovData.Functions.Hosting.Http;
using GovData.Functions.RuleSets;

namespace GovData.Functions.Sharing.ChangeNotices;

/// <summary>
/// Change notices with no HTTP in sight: a department's inbox (list, read one, mark read: its own only), a provider declaring a
/// change of an entry's data, and a provider announcing a planned change or stop of the entry's sharing service with the rule
/// set's lead time (dataChange.serviceChangeNotice). Every call is audited, refusals too.
/// </summary>
public sealed class ChangeNoticeOperations(ChangeNoticeStore store, ChangeNoticeService service, CatalogStore catalog, RuleSetService ruleSets,
    CalendarService calendars, IAuditLog audit, TimeProvider time)
{
    /// <summary>The caller's department's notices, newest first.</summary>
    public async Task<ChangeNoticeList> ListAsync(RequestContext request, CancellationToken ct)
    {
        var caller = request.User;
        var items = await store.OfHolderAsync(caller.Jurisdiction, caller.Department, ct);
        await audit.WriteAsync(request.AuditFor("sharing.notice.list", $"sharing/{caller.Jurisdiction}/notices") with { DataContent = $"{items.Count} notices" }, ct);
        return new ChangeNoticeList(items.Select(ChangeNoticeView.Of).ToList(), items.Count(n => n.ReadAt is null));
    }

    /// <summary>One notice of the caller's department.</summary>
    public async Task<SharingAnswer<ChangeNoticeView>> GetAsync(RequestContext request, string id, CancellationToken ct)
    {
        var caller = request.User;
        var notice = await OwnAsync(caller, id, ct);
        await audit.WriteAsync(request.AuditFor("sharing.notice.read", Resource(caller, id)) with
        {
            DataOwner = notice?.Provider,
            Outcome = notice is null ? AuditOutcome.Refused : AuditOutcome.Succeeded,
            Reason = notice is null ? "not found" : null,
        }, ct);
        return notice is null ? SharingAnswer<ChangeNoticeView>.NotFound($"Notice {id}") : SharingAnswer<ChangeNoticeView>.Done(ChangeNoticeView.Of(notice));
    }

    /// <summary>Marks a notice read (again: no change).</summary>
    public async Task<SharingAnswer<ChangeNoticeView>> MarkReadAsync(RequestContext request, string id, CancellationToken ct)
    {
        var caller = request.User;
        var notice = await OwnAsync(caller, id, ct);
        if (notice is null)
        {
            await audit.WriteAsync(request.AuditFor("sharing.notice.markRead", Resource(caller, id)) with { Outcome = AuditOutcome.Refused, Reason = "not found" }, ct);
            return SharingAnswer<ChangeNoticeView>.NotFound($"Notice {id}");
        }
        var now = time.GetUtcNow();
        var saved = await store.UpdateAsync(caller.Jurisdiction, id, n => n.ReadAt is null ? n with { ReadAt = now } : null, ct);
        await audit.WriteAsync(request.AuditFor("sharing.notice.markRead", Resource(caller, id)) with { DataOwner = notice.Provider }, ct);
        return SharingAnswer<ChangeNoticeView>.Done(ChangeNoticeView.Of(saved ?? notice));
    }

    /// <summary>Declares that an entry's data changed: every Active grant holder is notified (001 第十六条), timed against dataChange.updateDeadline.</summary>
    public async Task<SharingAnswer<ChangeAnswer>> DeclareChangeAsync(RequestContext request, string entryId, DeclareChangeBody body, CancellationToken ct)
    {
        const string action = "sharing.change.declare";
        var caller = request.User;
        var resource = ChangeNoticeService.Subject(caller.Jurisdiction, entryId);
        var entry = await OwnEntryAsync(caller, entryId, ct);
        if (entry is null)
        {
            await audit.WriteAsync(request.AuditFor(action, resource) with { Outcome = AuditOutcome.Refused, Reason = "not found" }, ct);
            return SharingAnswer<ChangeAnswer>.NotFound($"Catalog entry {entryId}");
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
            await audit.WriteAsync(request.AuditFor(action, resource) with { Outcome = AuditOutcome.Refused, DataOwner = entry.Department, Reason = Describe(errors) }, ct);
            return SharingAnswer<ChangeAnswer>.Refused(ShareRefusal.Invalid(errors), $"Catalog entry {entryId}");
        }
        var key = body.Key ?? ChangeNoticeRules.KeyOf(changedAt.ToUniversalTime().ToString("O"), body.Description!.Trim());
        var change = new DataChange(caller.Jurisdiction, entry.Id, entry.Code, entry.Department, ChangeNoticeRules.DeclaredChangeId(entry.Id, ChangeKind.DataChanged, key),
            ChangeKind.DataChanged, null, changedAt, null, body.Description!.Trim());
        var fanOut = await service.NotifyAsync(change, ct);
        await audit.WriteAsync(request.AuditFor(action, resource) with { DataOwner = entry.Department, DataContent = $"{entry.Code} {change.ChangeId} -> {fanOut.Notices.Count} holders" }, ct);
        return SharingAnswer<ChangeAnswer>.Done(ChangeAnswer.Of(change, fanOut));
    }

    /// <summary>
    /// Announces a planned upgrade, change or stop of an entry's sharing service; refused as too soon unless
    /// dataChange.serviceChangeNotice working days ahead (002 第二十三条).
    /// </summary>
    public async Task<ServiceChangeAnswer> AnnounceServiceChangeAsync(RequestContext request, string entryId, AnnounceServiceChangeBody body, CancellationToken ct)
    {
        const string action = "sharing.serviceChange.announce";
        var caller = request.User;
        var resource = $"sharing/{caller.Jurisdiction}/entries/{entryId}/service-changes";
        var entry = await OwnEntryAsync(caller, entryId, ct);
        if (entry is null)
        {
            await audit.WriteAsync(request.AuditFor(action, resource) with { Outcome = AuditOutcome.Refused, Reason = "not found" }, ct);
            return new(SharingAnswer<ChangeAnswer>.NotFound($"Catalog entry {entryId}"));
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
            await audit.WriteAsync(request.AuditFor(action, resource) with { Outcome = AuditOutcome.Refused, DataOwner = entry.Department, Reason = Describe(errors) }, ct);
            return new(SharingAnswer<ChangeAnswer>.Refused(ShareRefusal.Invalid(errors), $"Catalog entry {entryId}"));
        }
        var rules = await ruleSets.ResolveAsync(caller.Jurisdiction, ct);
        var calendar = await calendars.GetAsync(caller.Jurisdiction, ct);
        var lead = rules.DataChange.ServiceChangeNotice;
        var (earliest, earliestProvisional) = ChangeNoticeRules.EarliestEffective(calendar, now, lead.Value.Days, rules.Deadlines.DateOfReceipt.Value);
        if (body.EffectiveDate < earliest)
        {
            var cited = rules.Cite(lead);
            await audit.WriteAsync(request.AuditFor(action, resource) with
            {
                Outcome = AuditOutcome.Refused, DataOwner = entry.Department, Reason = $"effective {body.EffectiveDate:yyyy-MM-dd} is before {earliest:yyyy-MM-dd} ({cited})",
            }, ct);
            return new(SharingAnswer<ChangeAnswer>.Refused(ShareRefusal.Violation("too soon", cited.Rule), $"Catalog entry {entryId}"), new ServiceChangeTooSoon(
                $"a {body.Kind} of the sharing service must be announced {lead.Value} ahead: effective {body.EffectiveDate:yyyy-MM-dd} is too soon, the earliest is {earliest:yyyy-MM-dd}",
                cited.ToString(), cited.Rule, cited.Citation?.ToString(), cited.Source, earliest, earliestProvisional));
        }
        var kind = body.Kind switch { ServiceChangeKind.Upgrade => ChangeKind.ServiceUpgrade, ServiceChangeKind.Stop => ChangeKind.ServiceStop, _ => ChangeKind.ServiceChange };
        var key = body.Key ?? ChangeNoticeRules.KeyOf(body.EffectiveDate!.Value.ToString("yyyy-MM-dd"), body.Description!.Trim());
        var change = new DataChange(caller.Jurisdiction, entry.Id, entry.Code, entry.Department, ChangeNoticeRules.DeclaredChangeId(entry.Id, kind, key),
            kind, null, now, body.EffectiveDate, body.Description!.Trim());
        var fanOut = await service.NotifyAsync(change, ct);
        await audit.WriteAsync(request.AuditFor(action, resource) with { DataOwner = entry.Department, DataContent = $"{entry.Code} {kind} {body.EffectiveDate:yyyy-MM-dd} -> {fanOut.Notices.Count} holders" }, ct);
        return new(SharingAnswer<ChangeAnswer>.Done(ChangeAnswer.Of(change, fanOut) with { EarliestEffectiveDate = earliest, EarliestEffectiveDateProvisional = earliestProvisional }));
    }

    private static string Resource(Caller caller, string id) => $"sharing/{caller.Jurisdiction}/notices/{id}";

    // A department sees only its own notices; any other id is 404, so ids cannot be probed.
    private async Task<ChangeNoticeDocument?> OwnAsync(Caller caller, string id, CancellationToken ct)
    {
        var n = await store.FindAsync(caller.Jurisdiction, id, ct);
        return n is not null && caller.BelongsTo(n.Holder) ? n : null;
    }

    // Only the entry's own department declares changes of its data or its sharing service.
    private async Task<CatalogEntryDocument?> OwnEntryAsync(Caller caller, string entryId, CancellationToken ct)
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
