using GovData.Domain.Audit;
using GovData.Domain.Catalog;
using GovData.Domain.Identity;
using GovData.Domain.Opening;
using GovData.Domain.RuleSets;
using GovData.Functions.Audit;
using GovData.Functions.Catalog;
using GovData.Functions.Hosting.Http;
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
    public async Task<OpeningAnswer<OpenApplicant>> RegisterAsync(RequestContext request, string jurisdiction, ApplicantRegistration body, CancellationToken ct)
    {
        var caller = request.User;
        if (!caller.ActsIn(jurisdiction)) return OpeningRefusal.NotFound($"Jurisdiction {jurisdiction} for this token");
        var resource = $"opening/{jurisdiction}/applicants/{caller.Department}";
        var errors = OpenApplicationPolicy.ValidateRegistration(caller.Department, body.Type, body.Name);
        if (errors.Count > 0)
        {
            await audit.WriteAsync(request.AuditFor("opening.applicant.register", resource) with
            {
                Outcome = AuditOutcome.Refused, DataContent = $"{body.Type} {body.Name}", Reason = string.Join("; ", errors.Select(e => $"{e.Field}: {e.Reason}")),
            }, ct);
            return OpeningRefusal.Invalid(errors);
        }
        var name = body.Name.Trim();
        var previous = (await store.FindAsync<ApplicantDocument>(jurisdiction, ApplicantDocument.IdOf(caller.Department), ct))?.Applicant;
        // The DataAuthority's verification stands while the declared type and name stay the same; anything else is checked afresh.
        var verification = previous is not null && previous.Type == body.Type && previous.Name == name && previous.Verification is { DecidedBy: not null } decided
            ? decided
            : ApplicantTypeRules.Check(caller.Department, body.Type);
        var applicant = new OpenApplicant(caller.Department, jurisdiction, body.Type, name, caller.UserId, time.GetUtcNow(), verification);
        await store.UpsertAsync(jurisdiction, new ApplicantDocument(ApplicantDocument.IdOf(caller.Department), jurisdiction, applicant), ct);
        await audit.WriteAsync(request.AuditFor("opening.applicant.register", resource) with { DataContent = $"{body.Type} {applicant.Name}; verification {verification.State}" }, ct);
        return OpeningAnswer<OpenApplicant>.Done(applicant);
    }

    /// <summary>The caller's organisation's registration.</summary>
    public async Task<OpeningAnswer<OpenApplicant>> GetApplicantAsync(RequestContext request, string jurisdiction, CancellationToken ct)
    {
        var caller = request.User;
        var doc = caller.ActsIn(jurisdiction) ? await store.FindAsync<ApplicantDocument>(jurisdiction, ApplicantDocument.IdOf(caller.Department), ct) : null;
        if (doc is null) return OpeningRefusal.NotFound("Applicant registration");
        await audit.WriteAsync(request.AuditFor("opening.applicant.read", $"opening/{jurisdiction}/applicants/{caller.Department}"), ct);
        return OpeningAnswer<OpenApplicant>.Done(doc.Applicant);
    }

    /// <summary>Applies for an on-application dataset: only eligible applicant types, with a purpose; the decision deadline starts.</summary>
    public async Task<OpeningAnswer<OpenApplicationView>> ApplyAsync(RequestContext request, string jurisdiction, ApplicationRequest body, CancellationToken ct)
    {
        var caller = request.User;
        const string action = "opening.application.submit";
        if (!caller.ActsIn(jurisdiction)) return OpeningRefusal.NotFound($"Jurisdiction {jurisdiction} for this token");
        if (OpenDatasetRules.ValidateId(body.DatasetId) is { } idError) return OpeningRefusal.Invalid("datasetId", idError);
        var applicant = await store.FindAsync<ApplicantDocument>(jurisdiction, ApplicantDocument.IdOf(caller.Department), ct);
        if (applicant is null) return OpeningRefusal.Conflict("register your organisation first (PUT /api/open/{jurisdiction}/applicant)");
        var entry = await catalog.FindAsync(jurisdiction, body.DatasetId, ct);
        var dataset = await store.FindAsync<OpenDatasetDocument>(jurisdiction, OpenDatasetDocument.IdOf(body.DatasetId), ct);
        if (entry is null || !entry.Entry.IsListed || dataset is not { Listed: true }) return OpeningRefusal.NotFound($"Open dataset {body.DatasetId}");
        if (entry.Entry.Published!.Content.OpenType != OpenType.OnApplication)
            return OpeningRefusal.Invalid("datasetId", entry.Entry.Published.Content.OpenType == OpenType.Unconditional
                ? "this dataset is open to everyone; download it without applying" : "this dataset is not open");

        var effective = await rules.ResolveAsync(jurisdiction, ct);
        var open = effective.OpenApplication;
        var resource = $"opening/{jurisdiction}/datasets/{body.DatasetId}/applications";
        if (OpenApplicationPolicy.CheckApplication(applicant.Applicant.Type, body.Use, body.Purpose, open, r => effective.Cite(r).ToString()) is { } refusal)
        {
            await audit.WriteAsync(request.AuditFor(action, resource) with { Outcome = AuditOutcome.Refused, Reason = $"{refusal.Field}: {refusal.Reason}", Purpose = body.Purpose }, ct);
            return OpeningRefusal.Invalid([refusal]);
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
            Use = body.Use,
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
        await audit.WriteAsync(request.AuditFor(action, Resource(jurisdiction, id)) with { Purpose = $"{doc.Use}: {doc.Purpose}", DataContent = $"{dataset.Code} by {doc.ApplicantName} ({doc.ApplicantType})" }, ct);
        return OpeningAnswer<OpenApplicationView>.Done(View(doc));
    }

    /// <summary>The caller's organisation's applications.</summary>
    public async Task<OpeningAnswer<OpenApplicationList>> ListMineAsync(RequestContext request, string jurisdiction, CancellationToken ct)
    {
        var caller = request.User;
        if (!caller.ActsIn(jurisdiction)) return OpeningRefusal.NotFound($"Jurisdiction {jurisdiction} for this token");
        var docs = await store.ListAsync<ApplicationDocument>(jurisdiction, ApplicationDocument.DocType, "c.applicantCode = @a", new() { ["@a"] = caller.Department }, ct);
        await audit.WriteAsync(request.AuditFor("opening.application.list", $"opening/{jurisdiction}/applications") with { DataContent = $"{docs.Count} applications" }, ct);
        return OpeningAnswer<OpenApplicationList>.Done(new OpenApplicationList(docs.OrderBy(d => d.AppliedAt).Select(View).ToList()));
    }

    /// <summary>One of the caller's organisation's applications, with its grant.</summary>
    public async Task<OpeningAnswer<OpenApplicationView>> GetMineAsync(RequestContext request, string jurisdiction, string id, CancellationToken ct)
    {
        var caller = request.User;
        if (!caller.ActsIn(jurisdiction)) return OpeningRefusal.NotFound($"Jurisdiction {jurisdiction} for this token");
        if (OpenDatasetRules.ValidateId(id) is { } e) return OpeningRefusal.Invalid("id", e);
        var doc = await store.FindAsync<ApplicationDocument>(jurisdiction, ApplicationDocument.IdOf(id), ct);
        if (doc is null || doc.ApplicantCode != caller.Department) return OpeningRefusal.NotFound($"Application {id}");
        await audit.WriteAsync(request.AuditFor("opening.application.read", Resource(jurisdiction, id)), ct);
        return OpeningAnswer<OpenApplicationView>.Done(View(doc));
    }

    /// <summary>Applications of the caller's jurisdiction for the DataAuthority, optionally by state.</summary>
    public async Task<OpenApplicationList> ListForAuthorityAsync(RequestContext request, ApplicationState? state, CancellationToken ct)
    {
        var caller = request.User;
        var docs = await store.ListAsync<ApplicationDocument>(caller.Jurisdiction, ApplicationDocument.DocType,
            state is null ? null : "c.state = @s", state is null ? null : new() { ["@s"] = state.ToString() }, ct);
        // The DataAuthority sees whether each applicant's declared type still needs verifying before a first grant.
        var applicants = (await store.ListAsync<ApplicantDocument>(caller.Jurisdiction, ApplicantDocument.DocType, null, null, ct))
            .ToDictionary(a => a.Applicant.Code, a => ApplicantTypeRules.VerificationOf(a.Applicant));
        await audit.WriteAsync(request.AuditFor("opening.application.list", $"opening/{caller.Jurisdiction}/applications") with { DataContent = $"{docs.Count} applications" }, ct);
        return new OpenApplicationList(docs.OrderBy(d => d.AppliedAt).Select(d => View(d, applicants.GetValueOrDefault(d.ApplicantCode))).ToList());
    }

    /// <summary>The DataAuthority grants or refuses (with reasons); a grant to a university or research institute carries the non-profit restriction.</summary>
    public async Task<OpeningAnswer<OpenApplicationView>> DecideAsync(RequestContext request, string id, ApplicationDecisionRequest body, CancellationToken ct)
    {
        var caller = request.User;
        var grant = body.Decision == ApplicationVerdict.Grant;
        var action = grant ? "opening.application.grant" : "opening.application.refuse";
        if (!Enum.IsDefined(body.Decision)) return OpeningRefusal.Invalid("decision", "must be Grant or Refuse");
        if (OpenDatasetRules.ValidateId(id) is { } e) return OpeningRefusal.Invalid("id", e);
        if (!grant && (body.Reasons is not { Count: > 0 } || body.Reasons.Any(string.IsNullOrWhiteSpace)))
            return OpeningRefusal.Invalid("reasons", "a refusal needs at least one non-empty reason");
        if (body.Reasons is { Count: > 20 } || body.Reasons?.Any(r => r.Length > 500) == true) return OpeningRefusal.Invalid("reasons", "at most 20 reasons of at most 500 characters");
        var doc = await store.FindAsync<ApplicationDocument>(caller.Jurisdiction, ApplicationDocument.IdOf(id), ct);
        if (doc is null) return OpeningRefusal.NotFound($"Application {id}");
        var resource = Resource(caller.Jurisdiction, id);
        if (doc.State != ApplicationState.Pending)
        {
            await audit.WriteAsync(request.AuditFor(action, resource) with { Outcome = AuditOutcome.Refused, Reason = $"already {doc.State}" }, ct);
            return OpeningRefusal.Conflict($"the application is already {doc.State}");
        }
        if (grant)
        {
            // A type the code could not decide is verified by the DataAuthority before the applicant's first grant.
            var applicant = (await store.FindAsync<ApplicantDocument>(caller.Jurisdiction, ApplicantDocument.IdOf(doc.ApplicantCode), ct))?.Applicant;
            var why = applicant is null ? "the applicant's registration is gone" : OpenApplicationPolicy.CheckGrant(applicant);
            if (why is not null)
            {
                await audit.WriteAsync(request.AuditFor(action, resource) with { Outcome = AuditOutcome.Refused, Reason = why }, ct);
                return OpeningRefusal.Conflict(why, "applicant");
            }
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
            await audit.WriteAsync(request.AuditFor(action, resource) with { Outcome = AuditOutcome.Refused, Reason = "lost race" }, ct);
            return OpeningRefusal.Conflict(ex.Message);
        }
        if (grant)
            await store.UpsertAsync(caller.Jurisdiction, new GrantDocument(GrantDocument.IdOf(doc.EntryId, doc.ApplicantCode), caller.Jurisdiction, doc.EntryId,
                doc.ApplicantCode, id, doc.ApplicantType, doc.Purpose, doc.Restriction, doc.RestrictionRule, caller.UserId, now, Use: doc.Use), ct);
        await deadlines.CancelAsync(caller.Jurisdiction, OpeningDeadlines.ApplicationTimerId(id), ct);
        await audit.WriteAsync(request.AuditFor(action, resource) with
        {
            Approver = caller.UserId,
            Purpose = doc.Purpose,
            DataContent = $"{doc.EntryId} to {doc.ApplicantName} ({doc.ApplicantType}){(doc.Restriction is null ? "" : "; restricted: " + doc.Restriction)}",
            Reason = saved.Reasons.Count > 0 ? string.Join("; ", saved.Reasons) : null,
        }, ct);
        return OpeningAnswer<OpenApplicationView>.Done(View(saved));
    }

    /// <summary>The DataAuthority verifies (or rejects) an applicant's declared type where its code could not decide it.</summary>
    public async Task<OpeningAnswer<OpenApplicant>> VerifyApplicantAsync(RequestContext request, string code, ApplicantVerificationRequest body, CancellationToken ct)
    {
        var caller = request.User;
        if (Domain.Identifiers.UnifiedSocialCreditCode.Validate(code) is { } e) return OpeningRefusal.Invalid("code", e);
        var resource = $"opening/{caller.Jurisdiction}/applicants/{code}";
        var doc = await store.FindAsync<ApplicantDocument>(caller.Jurisdiction, ApplicantDocument.IdOf(code), ct);
        if (doc is null) return OpeningRefusal.NotFound($"Applicant {code}");
        var (verified, error) = ApplicantTypeRules.Verify(doc.Applicant, body.Verified, body.Reasons, caller.UserId, time.GetUtcNow());
        if (error is not null)
        {
            await audit.WriteAsync(request.AuditFor("opening.applicant.verify", resource) with { Outcome = AuditOutcome.Refused, Reason = $"{error.Field}: {error.Reason}" }, ct);
            return OpeningRefusal.Invalid([error]);
        }
        await store.UpsertAsync(caller.Jurisdiction, doc with { Applicant = verified! }, ct);
        await audit.WriteAsync(request.AuditFor("opening.applicant.verify", resource) with
        {
            Approver = caller.UserId,
            DataContent = $"{verified!.Type} {verified.Name}: {verified.Verification!.State}",
            Reason = string.Join("; ", verified.Verification.Reasons ?? []),
        }, ct);
        return OpeningAnswer<OpenApplicant>.Done(verified);
    }

    /// <summary>An application (the grant, when granted, with its restriction printed).</summary>
    public static OpenApplicationView View(ApplicationDocument d) => View(d, null);

    /// <summary>An application with, for the DataAuthority, the applicant's verification.</summary>
    public static OpenApplicationView View(ApplicationDocument d, ApplicantVerification? verification) => new(
        d.ApplicationId, d.Jurisdiction, d.EntryId, d.DatasetName, d.ApplicantCode, d.ApplicantName, d.ApplicantType, verification?.State,
        d.Use, d.Use is { } u ? OpenApplicationPolicy.LabelOf(u) : null, d.Purpose, d.AppliedAt, d.DueDate, d.DueDateProvisional, d.DeadlineRule,
        d.State, d.DecidedAt, d.Reasons,
        d.State == ApplicationState.Granted
            ? new OpenGrantView(d.EntryId, d.ApplicantName, d.Use, d.Purpose, d.Restriction, d.RestrictionRule,
                $"兹授权{d.ApplicantName}下载使用开放数据《{d.DatasetName}》，用途：{(d.Use is { } use ? OpenApplicationPolicy.LabelOf(use) + "，" : "")}{d.Purpose}。" +
                (d.Restriction is null ? "" : $"使用限制：{d.Restriction}（{d.RestrictionRule}）。"))
            : null);
}

/// <summary>Body of PUT /api/open/{jurisdiction}/applicant.</summary>
public sealed record ApplicantRegistration(ApplicantType Type, string Name);

/// <summary>Body of POST /api/open/{jurisdiction}/applications: the dataset, the intended use (structured) and the purpose described in words.</summary>
public sealed record ApplicationRequest(string DatasetId, string? Purpose = null, IntendedUse? Use = null);

/// <summary>Body of POST /api/opening/applicants/{code}/verification (DataAuthority).</summary>
public sealed record ApplicantVerificationRequest(bool Verified, IReadOnlyList<string>? Reasons = null);

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
