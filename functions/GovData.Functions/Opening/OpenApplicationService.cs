using GovData.Domain.Audit;
using GovData.Domain.Catalog;
using GovData.Domain.Identity;
using GovData.Domain.Opening;
using GovData.Domain.RuleSets;
using GovData.Functions.Audit;
using GovData.Functions.Catalog;
using GovData.Functions.Errors;
using GovData.Functions.Identity;
using GovData.Functions.RuleSets;

namespace GovData.Functions.Opening;

/// <summary>
/// Applications for on-application (授权开放) data: registration of the applicant organisation, the application with its
/// purpose, and the DataAuthority's decision within openApplication.deadline (000 第三十二条 第三十三条, 004 第十七条 第十八条).
/// </summary>
public sealed class OpenApplicationService(OpeningStore store, CatalogStore catalog, RuleSetService rules, OpeningDeadlines deadlines, IAuditLog audit, TimeProvider time)
{
    /// <summary>The audit resource of an application.</summary>
    public static string Resource(string jurisdiction, string id) => $"opening/{jurisdiction}/applications/{id}";

    /// <summary>Registers (or updates) the caller's organisation as an applicant.</summary>
    public async Task<IResult> RegisterAsync(HttpContext http, string jurisdiction, ApplicantRegistration body, CancellationToken ct)
    {
        var caller = http.GetCaller();
        if (!caller.ActsIn(jurisdiction)) return Problems.NotFound($"Jurisdiction {jurisdiction} for this token");
        var errors = OpenApplicationPolicy.ValidateRegistration(body.Type, body.Name);
        if (errors.Count > 0) return Problems.Validation(errors);
        var applicant = new OpenApplicant(caller.Department, jurisdiction, body.Type, body.Name.Trim(), caller.UserId, time.GetUtcNow());
        await store.UpsertAsync(jurisdiction, new ApplicantDocument(ApplicantDocument.IdOf(caller.Department), jurisdiction, applicant), ct);
        await audit.WriteAsync(http.AuditFor("opening.applicant.register", $"opening/{jurisdiction}/applicants/{caller.Department}") with { DataContent = $"{body.Type} {applicant.Name}" }, ct);
        return Results.Ok(applicant);
    }

    /// <summary>The caller's organisation's registration.</summary>
    public async Task<IResult> GetApplicantAsync(HttpContext http, string jurisdiction, CancellationToken ct)
    {
        var caller = http.GetCaller();
        var doc = caller.ActsIn(jurisdiction) ? await store.FindAsync<ApplicantDocument>(jurisdiction, ApplicantDocument.IdOf(caller.Department), ct) : null;
        if (doc is null) return Problems.NotFound("Applicant registration");
        await audit.WriteAsync(http.AuditFor("opening.applicant.read", $"opening/{jurisdiction}/applicants/{caller.Department}"), ct);
        return Results.Ok(doc.Applicant);
    }

    /// <summary>Applies for an on-application dataset: only eligible applicant types, with a purpose; the decision deadline starts.</summary>
    public async Task<IResult> ApplyAsync(HttpContext http, string jurisdiction, ApplicationRequest body, CancellationToken ct)
    {
        var caller = http.GetCaller();
        const string action = "opening.application.submit";
        if (!caller.ActsIn(jurisdiction)) return Problems.NotFound($"Jurisdiction {jurisdiction} for this token");
        if (OpenDatasetRules.ValidateId(body.DatasetId) is { } idError) return Problems.Validation("datasetId", idError);
        var applicant = await store.FindAsync<ApplicantDocument>(jurisdiction, ApplicantDocument.IdOf(caller.Department), ct);
        if (applicant is null) return Problems.Conflict("register your organisation first (PUT /api/open/{jurisdiction}/applicant)");
        var entry = await catalog.FindAsync(jurisdiction, body.DatasetId, ct);
        var dataset = await store.FindAsync<OpenDatasetDocument>(jurisdiction, OpenDatasetDocument.IdOf(body.DatasetId), ct);
        if (entry is null || !entry.Entry.IsListed || dataset is not { Listed: true }) return Problems.NotFound($"Open dataset {body.DatasetId}");
        if (entry.Entry.Published!.Content.OpenType != OpenType.OnApplication)
            return Problems.Validation("datasetId", entry.Entry.Published.Content.OpenType == OpenType.Unconditional
                ? "this dataset is open to everyone; download it without applying" : "this dataset is not open");

        var effective = await rules.ResolveAsync(jurisdiction, ct);
        var open = effective.OpenApplication;
        var resource = $"opening/{jurisdiction}/datasets/{body.DatasetId}/applications";
        if (OpenApplicationPolicy.CheckApplication(applicant.Applicant.Type, body.Purpose, open.EligibleApplicants, effective.Cite(open.EligibleApplicants).ToString()) is { } refusal)
        {
            await audit.WriteAsync(http.AuditFor(action, resource) with { Outcome = AuditOutcome.Refused, Reason = refusal.Reason, Purpose = body.Purpose }, ct);
            return Problems.Validation([refusal]);
        }

        var id = Guid.NewGuid().ToString("N");
        var (deadline, rule) = await deadlines.ComputeAsync(jurisdiction, e => e.OpenApplication.Deadline, ct);
        var restriction = OpenApplicationPolicy.RestrictionFor(applicant.Applicant.Type, open);
        var doc = new ApplicationDocument
        {
            Id = ApplicationDocument.IdOf(id),
            Jurisdiction = jurisdiction,
            ApplicationId = id,
            EntryId = body.DatasetId,
            DatasetName = dataset.Name,
            DatasetDepartment = dataset.Department,
            ApplicantCode = caller.Department,
            ApplicantName = applicant.Applicant.Name,
            ApplicantType = applicant.Applicant.Type,
            AppliedBy = caller.UserId,
            Purpose = body.Purpose!.Trim(),
            AppliedAt = time.GetUtcNow(),
            DueDate = deadline.DueDate,
            DueDateProvisional = deadline.IsProvisional,
            DeadlineRule = rule,
            Restriction = restriction,
            RestrictionRule = restriction is null ? null : effective.Cite(open.AcademicNonProfitOnly).ToString(),
        };
        await store.TryCreateAsync(jurisdiction, doc, ct);
        var authority = await deadlines.DataAuthorityOfAsync(jurisdiction, ct) ?? "";
        await deadlines.ScheduleAsync(OpeningDeadlines.ApplicationTimerId(id), jurisdiction, OpeningDeadlines.ApplicationKind, Resource(jurisdiction, id), authority,
            deadline, rule, new Dictionary<string, string> { ["id"] = id }, ct);
        await audit.WriteAsync(http.AuditFor(action, Resource(jurisdiction, id)) with { Purpose = doc.Purpose, DataContent = $"{dataset.Code} by {doc.ApplicantName} ({doc.ApplicantType})" }, ct);
        return Results.Created($"/api/open/{jurisdiction}/applications/{id}", View(doc));
    }

    /// <summary>The caller's organisation's applications, or one of them.</summary>
    public async Task<IResult> MineAsync(HttpContext http, string jurisdiction, string? id, CancellationToken ct)
    {
        var caller = http.GetCaller();
        if (!caller.ActsIn(jurisdiction)) return Problems.NotFound($"Jurisdiction {jurisdiction} for this token");
        if (id is not null)
        {
            if (OpenDatasetRules.ValidateId(id) is { } e) return Problems.Validation("id", e);
            var doc = await store.FindAsync<ApplicationDocument>(jurisdiction, ApplicationDocument.IdOf(id), ct);
            if (doc is null || doc.ApplicantCode != caller.Department) return Problems.NotFound($"Application {id}");
            await audit.WriteAsync(http.AuditFor("opening.application.read", Resource(jurisdiction, id)), ct);
            return Results.Ok(View(doc));
        }
        var docs = await store.ListAsync<ApplicationDocument>(jurisdiction, ApplicationDocument.DocType, "c.applicantCode = @a", new() { ["@a"] = caller.Department }, ct);
        await audit.WriteAsync(http.AuditFor("opening.application.list", $"opening/{jurisdiction}/applications") with { DataContent = $"{docs.Count} applications" }, ct);
        return Results.Ok(new { items = docs.OrderBy(d => d.AppliedAt).Select(View) });
    }

    /// <summary>Applications of the caller's jurisdiction for the DataAuthority, optionally by state.</summary>
    public async Task<IResult> ListForAuthorityAsync(HttpContext http, ApplicationState? state, CancellationToken ct)
    {
        var caller = http.GetCaller();
        var docs = await store.ListAsync<ApplicationDocument>(caller.Jurisdiction, ApplicationDocument.DocType,
            state is null ? null : "c.state = @s", state is null ? null : new() { ["@s"] = state.ToString() }, ct);
        await audit.WriteAsync(http.AuditFor("opening.application.list", $"opening/{caller.Jurisdiction}/applications") with { DataContent = $"{docs.Count} applications" }, ct);
        return Results.Ok(new { items = docs.OrderBy(d => d.AppliedAt).Select(View) });
    }

    /// <summary>The DataAuthority grants or refuses (with reasons); a grant to a university or research institute carries the non-profit restriction.</summary>
    public async Task<IResult> DecideAsync(HttpContext http, string id, ApplicationDecisionRequest body, CancellationToken ct)
    {
        var caller = http.GetCaller();
        var grant = body.Decision == ApplicationVerdict.Grant;
        var action = grant ? "opening.application.grant" : "opening.application.refuse";
        if (!Enum.IsDefined(body.Decision)) return Problems.Validation("decision", "must be Grant or Refuse");
        if (OpenDatasetRules.ValidateId(id) is { } e) return Problems.Validation("id", e);
        if (!grant && (body.Reasons is not { Count: > 0 } || body.Reasons.Any(string.IsNullOrWhiteSpace)))
            return Problems.Validation("reasons", "a refusal needs at least one non-empty reason");
        if (body.Reasons is { Count: > 20 } || body.Reasons?.Any(r => r.Length > 500) == true) return Problems.Validation("reasons", "at most 20 reasons of at most 500 characters");
        var doc = await store.FindAsync<ApplicationDocument>(caller.Jurisdiction, ApplicationDocument.IdOf(id), ct);
        if (doc is null) return Problems.NotFound($"Application {id}");
        var resource = Resource(caller.Jurisdiction, id);
        if (doc.State != ApplicationState.Pending)
        {
            await audit.WriteAsync(http.AuditFor(action, resource) with { Outcome = AuditOutcome.Refused, Reason = $"already {doc.State}" }, ct);
            return Problems.Conflict($"the application is already {doc.State}");
        }
        var now = time.GetUtcNow();
        var next = doc with
        {
            State = grant ? ApplicationState.Granted : ApplicationState.Refused,
            DecidedBy = caller.UserId,
            DecidedAt = now,
            Reasons = body.Reasons?.Select(r => r.Trim()).ToArray() ?? [],
        };
        ApplicationDocument saved;
        try { saved = await store.ReplaceAsync(caller.Jurisdiction, doc.Id, next, doc.ETag!, ct); }
        catch (OpeningChangedException ex)
        {
            await audit.WriteAsync(http.AuditFor(action, resource) with { Outcome = AuditOutcome.Refused, Reason = "lost race" }, ct);
            return Problems.Conflict(ex.Message);
        }
        if (grant)
            await store.UpsertAsync(caller.Jurisdiction, new GrantDocument(GrantDocument.IdOf(doc.EntryId, doc.ApplicantCode), caller.Jurisdiction, doc.EntryId,
                doc.ApplicantCode, id, doc.ApplicantType, doc.Purpose, doc.Restriction, doc.RestrictionRule, caller.UserId, now), ct);
        await deadlines.CancelAsync(caller.Jurisdiction, OpeningDeadlines.ApplicationTimerId(id), ct);
        await audit.WriteAsync(http.AuditFor(action, resource) with
        {
            Approver = caller.UserId,
            Purpose = doc.Purpose,
            DataContent = $"{doc.EntryId} to {doc.ApplicantName} ({doc.ApplicantType}){(doc.Restriction is null ? "" : "; restricted: " + doc.Restriction)}",
            Reason = saved.Reasons.Count > 0 ? string.Join("; ", saved.Reasons) : null,
        }, ct);
        return Results.Ok(View(saved));
    }

    /// <summary>An application (the grant, when granted, with its restriction printed).</summary>
    public static object View(ApplicationDocument d) => new
    {
        id = d.ApplicationId,
        jurisdiction = d.Jurisdiction,
        datasetId = d.EntryId,
        datasetName = d.DatasetName,
        applicantCode = d.ApplicantCode,
        applicantName = d.ApplicantName,
        applicantType = d.ApplicantType,
        purpose = d.Purpose,
        appliedAt = d.AppliedAt,
        dueDate = d.DueDate,
        dueDateProvisional = d.DueDateProvisional,
        deadlineRule = d.DeadlineRule,
        state = d.State,
        decidedAt = d.DecidedAt,
        reasons = d.Reasons,
        grant = d.State == ApplicationState.Granted ? new
        {
            datasetId = d.EntryId,
            grantedTo = d.ApplicantName,
            purpose = d.Purpose,
            restriction = d.Restriction,
            restrictionRule = d.RestrictionRule,
            text = $"兹授权{d.ApplicantName}下载使用开放数据《{d.DatasetName}》，用途：{d.Purpose}。" + (d.Restriction is null ? "" : $"使用限制：{d.Restriction}（{d.RestrictionRule}）。"),
        } : null,
    };
}

/// <summary>Body of PUT /api/open/{jurisdiction}/applicant.</summary>
public sealed record ApplicantRegistration(ApplicantType Type, string Name);

/// <summary>Body of POST /api/open/{jurisdiction}/applications.</summary>
public sealed record ApplicationRequest(string DatasetId, string? Purpose = null);

/// <summary>The DataAuthority's decision on an application.</summary>
public enum ApplicationVerdict
{
    /// <summary>Grant.</summary>
    Grant,
    /// <summary>Refuse, with reasons.</summary>
    Refuse,
}

/// <summary>Body of POST /api/opening/applications/{id}/decision.</summary>
public sealed record ApplicationDecisionRequest(ApplicationVerdict Decision, IReadOnlyList<string>? Reasons = null);
