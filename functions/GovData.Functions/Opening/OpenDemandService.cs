using GovData.Domain.Audit;
using GovData.Domain.Catalog;
using GovData.Domain.Identifiers;
using GovData.Domain.Identity;
using GovData.Domain.Opening;
using GovData.Functions.Audit;
using GovData.Functions.Catalog;
using GovData.Functions.Hosting.Http;
using GovData.Functions.Identity;
using GovData.Functions.Reference;

namespace GovData.Functions.Opening;

/// <summary>
/// Public demands that data be opened (004 第十九条): anyone files one; the owning department answers within
/// openDemand.answerDeadline working days by listing the data for opening or saying why not; a missed deadline is a finding.
/// </summary>
public sealed class OpenDemandService(OpeningStore store, CatalogStore catalog, ReferenceStore reference, OpeningDeadlines deadlines, IAuditLog audit, TimeProvider time)
{
    /// <summary>The audit resource of a demand.</summary>
    public static string Resource(string jurisdiction, string id) => $"opening/{jurisdiction}/demands/{id}";

    /// <summary>Files a demand (anonymous).</summary>
    public async Task<OpeningAnswer<OpenDemandView>> FileAsync(RequestContext request, string jurisdiction, DemandRequest body, CancellationToken ct)
    {
        if (DivisionCode.Validate(jurisdiction) is { } j) return OpeningRefusal.Invalid("jurisdiction", j);
        var errors = OpenDemandPolicy.ValidateDemand(body.Title, body.Description, body.EntryId, body.Department);
        if (body.Contact is { Length: > 200 }) errors = [.. errors, new("contact", "must be at most 200 characters")];
        if (errors.Count > 0) return OpeningRefusal.Invalid(errors);
        string department;
        if (body.EntryId is not null)
        {
            var entry = await catalog.FindAsync(jurisdiction, body.EntryId, ct);
            if (entry is null || !entry.Entry.IsListed) return OpeningRefusal.Invalid("entryId", "no published catalog entry has this id in the jurisdiction");
            if (body.Department is not null && body.Department != entry.Department) return OpeningRefusal.Invalid("department", "is not the department of the named entry");
            department = entry.Department;
        }
        else
        {
            var unit = await reference.FindDepartmentAsync(jurisdiction, body.Department!, ct);
            if (unit is null) return OpeningRefusal.Invalid("department", "is not a registered department of the jurisdiction");
            department = unit.Code;
        }

        var id = Guid.NewGuid().ToString("N");
        var (deadline, rule) = await deadlines.ComputeAsync(jurisdiction, e => e.OpenDemand.AnswerDeadline, ct);
        var doc = new DemandDocument
        {
            Id = DemandDocument.IdOf(id),
            Jurisdiction = jurisdiction,
            DemandId = id,
            Department = department,
            EntryId = body.EntryId,
            Title = body.Title!.Trim(),
            Description = body.Description!.Trim(),
            Contact = string.IsNullOrWhiteSpace(body.Contact) ? null : body.Contact.Trim(),
            ReceivedAt = time.GetUtcNow(),
            DueDate = deadline.DueDate,
            DueDateProvisional = deadline.IsProvisional,
            DeadlineRule = rule,
        };
        await store.TryCreateAsync(jurisdiction, doc, ct);
        await deadlines.ScheduleAsync(OpeningDeadlines.DemandTimerId(id), jurisdiction, OpeningDeadlines.DemandKind, Resource(jurisdiction, id), department,
            deadline, rule, new Dictionary<string, string> { ["id"] = id }, ct);
        await audit.WriteAsync(request.AuditFor("opening.demand.file", Resource(jurisdiction, id), jurisdiction) with { Department = department, DataContent = doc.Title }, ct);
        return OpeningAnswer<OpenDemandView>.Done(PublicView(doc));
    }

    /// <summary>A demand as anyone may see it (without the requester's contact).</summary>
    public async Task<OpeningAnswer<OpenDemandView>> GetPublicAsync(RequestContext request, string jurisdiction, string id, CancellationToken ct)
    {
        if (DivisionCode.Validate(jurisdiction) is { } j) return OpeningRefusal.Invalid("jurisdiction", j);
        if (OpenDatasetRules.ValidateId(id) is { } e) return OpeningRefusal.Invalid("id", e);
        var doc = await store.FindAsync<DemandDocument>(jurisdiction, DemandDocument.IdOf(id), ct);
        if (doc is null) return OpeningRefusal.NotFound($"Demand {id}");
        await audit.WriteAsync(request.AuditFor("opening.demand.read", Resource(jurisdiction, id), jurisdiction), ct);
        return OpeningAnswer<OpenDemandView>.Done(PublicView(doc));
    }

    /// <summary>Demands the caller must answer (a steward: the department's; the DataAuthority: all), optionally only unanswered ones.</summary>
    public async Task<OpenDemandList> ListAsync(RequestContext request, bool? open, CancellationToken ct)
    {
        var caller = request.User;
        var where = new List<string>();
        var p = new Dictionary<string, object?>();
        if (!caller.Has(Role.DataAuthority)) { where.Add("c.department = @d"); p["@d"] = caller.Department; }
        if (open == true) where.Add("c.answered = false");
        var docs = await store.ListAsync<DemandDocument>(caller.Jurisdiction, DemandDocument.DocType, where.Count == 0 ? null : string.Join(" AND ", where), p, ct);
        await audit.WriteAsync(request.AuditFor("opening.demand.list", $"opening/{caller.Jurisdiction}/demands") with { DataContent = $"{docs.Count} demands" }, ct);
        return new OpenDemandList(docs.OrderBy(d => d.ReceivedAt).Select(OwnerView).ToList());
    }

    /// <summary>The department answers: listed for opening (naming its open catalog entry) or declined with the reason.</summary>
    public async Task<OpeningAnswer<OpenDemandOwnerView>> AnswerAsync(RequestContext request, string id, DemandAnswerRequest body, CancellationToken ct)
    {
        var caller = request.User;
        const string action = "opening.demand.answer";
        if (OpenDatasetRules.ValidateId(id) is { } e) return OpeningRefusal.Invalid("id", e);
        var doc = await store.FindAsync<DemandDocument>(caller.Jurisdiction, DemandDocument.IdOf(id), ct);
        if (doc is null || !caller.BelongsTo(doc.Department)) return OpeningRefusal.NotFound($"Demand {id}");
        var resource = Resource(caller.Jurisdiction, id);
        if (OpenDemandPolicy.CheckAnswer(body.Answer, body.Reason, body.EntryId) is { } error) return OpeningRefusal.Invalid([error]);
        if (body.Answer == DemandAnswer.ListedForOpening)
        {
            var entry = await catalog.FindAsync(caller.Jurisdiction, body.EntryId!, ct);
            if (entry is null || !entry.Entry.IsListed || !caller.BelongsTo(entry.Department) || entry.Entry.Published!.Content.OpenType == OpenType.NotOpen)
                return OpeningRefusal.Invalid("entryId", "must be a published entry of your department in the open catalog (open type not NotOpen)");
        }
        if (doc.Answer is not null)
        {
            await audit.WriteAsync(request.AuditFor(action, resource) with { Outcome = AuditOutcome.Refused, Reason = "already answered" }, ct);
            return OpeningRefusal.Conflict("the demand is already answered");
        }
        var now = time.GetUtcNow();
        var next = doc with
        {
            Answered = true,
            Answer = body.Answer,
            AnswerReason = body.Reason?.Trim(),
            ListedEntryId = body.Answer == DemandAnswer.ListedForOpening ? body.EntryId : null,
            AnsweredBy = caller.UserId,
            AnsweredAt = now,
            AnsweredLate = Domain.Calendar.ChinaTime.DateOf(now) > doc.DueDate,
        };
        DemandDocument saved;
        try { saved = await store.ReplaceAsync(caller.Jurisdiction, doc.Id, next, doc.ETag!, ct); }
        catch (OpeningChangedException ex) { return OpeningRefusal.Conflict(ex.Message); }
        await deadlines.CancelAsync(caller.Jurisdiction, OpeningDeadlines.DemandTimerId(id), ct);
        await audit.WriteAsync(request.AuditFor(action, resource) with { DataContent = $"{body.Answer}{(body.EntryId is null ? "" : " as " + body.EntryId)}", Reason = saved.AnswerReason }, ct);
        return OpeningAnswer<OpenDemandOwnerView>.Done(OwnerView(saved));
    }

    private static OpenDemandView PublicView(DemandDocument d) => new(d.DemandId, d.Jurisdiction, d.Department, d.EntryId, d.Title, d.Description,
        d.ReceivedAt, d.DueDate, d.DueDateProvisional, d.DeadlineRule, d.Answer, d.AnswerReason, d.ListedEntryId, d.AnsweredAt);

    private static OpenDemandOwnerView OwnerView(DemandDocument d) => new(d.DemandId, d.Jurisdiction, d.Department, d.EntryId, d.Title, d.Description, d.Contact,
        d.ReceivedAt, d.DueDate, d.DueDateProvisional, d.DeadlineRule, d.Answer, d.AnswerReason, d.ListedEntryId, d.AnsweredBy, d.AnsweredAt, d.AnsweredLate);
}

/// <summary>Body of POST /api/open/{jurisdiction}/demands.</summary>
public sealed record DemandRequest(string? Title = null, string? Description = null, string? EntryId = null, string? Department = null, string? Contact = null);

/// <summary>Body of POST /api/opening/demands/{id}/answer.</summary>
public sealed record DemandAnswerRequest(DemandAnswer Answer, string? Reason = null, string? EntryId = null);
