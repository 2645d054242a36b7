using GovData.Domain.Catalog;
using GovData.Domain.Identity;
using GovData.Functions.Audit;
using GovData.Functions.Errors;
using GovData.Functions.Identity;

namespace GovData.Functions.Catalog;

/// <summary>HTTP endpoints of the data resource catalog (资源目录) under /api/catalog; see docs/catalog.md.</summary>
public static class CatalogEndpoints
{
    /// <summary>Maps /api/catalog and /api/open-catalog.</summary>
    public static IEndpointRouteBuilder MapCatalog(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/catalog").WithTags("Catalog");
        var entries = group.MapGroup("/entries");

        entries.MapPost("", async (CatalogContent body, HttpContext http, CatalogStore store, CatalogSearchIndex index, CatalogService service, IAuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var id = Guid.NewGuid().ToString("N");
            var now = time.GetUtcNow();
            var outcome = CatalogWorkflow.Create(id, caller, body, now);
            var resource = CatalogService.Resource(caller.Jurisdiction, id);
            if (outcome.Refusal is { } r) return await service.RefuseAsync(http, "catalog.entry.create", resource, r, ct);
            CatalogEntryDocument saved;
            try { saved = await store.CreateAsync(outcome.Entry!, ct); }
            catch (CodeTakenException e)
            {
                await service.RefuseAsync(http, "catalog.entry.create", resource, new CatalogRefusal(RefusalKind.Conflict, e.Message, []), ct);
                return Problems.Conflict(e.Message, "code");
            }
            var warnings = DuplicateCheck.Find(id, caller.Department, saved.ItemKey, await index.SameItemsAsync(caller.Jurisdiction, saved.ItemKey, ct));
            await audit.WriteAsync(http.AuditFor("catalog.entry.create", resource) with { DataContent = CatalogService.Describe(saved.Entry), DataOwner = saved.Department }, ct);
            return Results.Created($"/api/catalog/entries/{id}", CatalogViews.Entry(saved, caller, now, warnings));
        }).RequireRoles(Role.DataSteward).WithSummary("Create a draft entry of the caller's department (DataSteward)");

        entries.MapGet("", async (HttpContext http, CatalogSearchEndpoint search, CancellationToken ct) =>
            await search.SearchAsync(http, http.GetCaller().Jurisdiction, openOnly: false, ct))
            .WithSummary("Search published entries of the caller's jurisdiction: department, sharingType, openType, updateCycle, keyword, pageSize, pageToken");

        entries.MapGet("/{id}", async (string id, HttpContext http, CatalogStore store, CatalogSearchIndex index, IAuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var doc = await store.FindAsync(caller.Jurisdiction, id, ct);
            if (doc is null || !CatalogWorkflow.CanSee(doc.Entry, caller)) return Problems.NotFound($"Catalog entry {id}");
            await audit.WriteAsync(http.AuditFor("catalog.entry.read", CatalogService.Resource(caller.Jurisdiction, id)) with { DataContent = doc.Code, DataOwner = doc.Department }, ct);
            var warnings = CatalogWorkflow.CanSeeWorking(doc.Entry, caller)
                ? DuplicateCheck.Find(id, doc.Department, doc.ItemKey, await index.SameItemsAsync(caller.Jurisdiction, doc.ItemKey, ct)) : null;
            return Results.Ok(CatalogViews.Entry(doc, caller, time.GetUtcNow(), warnings));
        }).WithSummary("Read an entry (drafts only for the owning department and its reviewers)");

        entries.MapPut("/{id}/draft", (string id, CatalogContent body, HttpContext http, CatalogService service, CancellationToken ct) =>
            service.MutateAsync(http, id, "catalog.entry.edit", (e, c, at) => Task.FromResult(CatalogWorkflow.Edit(e, c, body, at)), ct))
            .RequireRoles(Role.DataSteward).WithSummary("Edit the draft or returned version (DataSteward of the owning department)");

        entries.MapPost("/{id}/submit", (string id, HttpContext http, CatalogService service, RuleSets.RuleSetService rules, CancellationToken ct) =>
            service.MutateAsync(http, id, "catalog.entry.submit", async (e, c, at) =>
            {
                var effective = await rules.ResolveAsync(e.Jurisdiction, ct);
                return CatalogWorkflow.Submit(e, c, effective, at);
            }, ct))
            .RequireRoles(Role.DataSteward).WithSummary("Submit the working version for review; the route comes from the jurisdiction's rule set");

        entries.MapPost("/{id}/review", (string id, ReviewRequest body, HttpContext http, CatalogService service, CancellationToken ct) =>
            service.MutateAsync(http, id, body.Decision == ReviewVerdict.Approve ? "catalog.entry.approve" : "catalog.entry.return",
                (e, c, at) => Task.FromResult(CatalogWorkflow.Review(e, c, body.Decision == ReviewVerdict.Approve, body.Reasons, at)), ct))
            .RequireRoles(Role.CatalogReviewer, Role.DataAuthority)
            .WithSummary("Approve or return the version under review (CatalogReviewer of the department, then the DataAuthority where the rule set says so); the last approval publishes");

        entries.MapPost("/{id}/versions", (string id, ReasonRequest body, HttpContext http, CatalogService service, CancellationToken ct) =>
            service.MutateAsync(http, id, "catalog.entry.version", (e, c, at) => Task.FromResult(CatalogWorkflow.NewVersion(e, c, body.Reason, at)), ct))
            .RequireRoles(Role.DataSteward).WithSummary("Open version n+1 of a published entry as a draft (reviewed again before it replaces the published one)");

        entries.MapPost("/{id}/retirement", (string id, ReasonRequest body, HttpContext http, CatalogService service, CancellationToken ct) =>
            service.MutateAsync(http, id, "catalog.entry.retirement.request", (e, c, at) => Task.FromResult(CatalogWorkflow.RequestRetirement(e, c, body.Reason, at)), ct))
            .RequireRoles(Role.DataSteward).WithSummary("Ask to retire a published entry (needs approval; nothing is deleted)");

        entries.MapPost("/{id}/retirement/decision", (string id, RetirementDecisionRequest body, HttpContext http, CatalogService service, RuleSets.RuleSetService rules, CancellationToken ct) =>
            service.MutateAsync(http, id, "catalog.entry.retirement.decide", async (e, c, at) =>
            {
                var effective = await rules.ResolveAsync(e.Jurisdiction, ct);
                return CatalogWorkflow.DecideRetirement(e, c, body.Decision == RetirementVerdict.Approve, body.Note, effective.Catalog.ReviewRoute.Value, at);
            }, ct))
            .RequireRoles(Role.CatalogReviewer, Role.DataAuthority).WithSummary("Approve or reject a retirement request (the last reviewer of the jurisdiction's route)");

        entries.MapPost("/{id}/emergency", (string id, EmergencyRequest body, HttpContext http, CatalogService service, CancellationToken ct) =>
            service.MutateAsync(http, id, "catalog.entry.emergency", (e, c, at) =>
                Task.FromResult(CatalogWorkflow.Reclassify(e, c, body.RaisedTo, body.Until, body.Reason, body.Conditions, at)), ct))
            .RequireRoles(Role.DataAuthority).WithSummary("Raise a Conditional or NotShared entry to a more open type until a date (002 第二十条); it falls back by itself");

        entries.MapPost("/{id}/emergency/end", (string id, ReasonRequest body, HttpContext http, CatalogService service, CancellationToken ct) =>
            service.MutateAsync(http, id, "catalog.entry.emergency.end", (e, c, at) => Task.FromResult(CatalogWorkflow.EndEmergency(e, c, body.Reason, at)), ct))
            .RequireRoles(Role.DataAuthority).WithSummary("End an emergency reclassification before its end date (DataAuthority): the entry falls back to its published sharing type at once");

        entries.MapPost("/{id}/changes", (string id, ChangeRequest body, HttpContext http, CatalogService service, CatalogDeadlines deadlines, CancellationToken ct) =>
            service.MutateAsync(http, id, "catalog.entry.change.declare", async (e, c, at) =>
            {
                if (!Enum.IsDefined(body.Kind)) return CatalogRefusal.Invalid("kind", "must be ResourceChange or LegalChange");
                var (deadline, rule) = await deadlines.UpdateDeadlineAsync(e.Jurisdiction, body.Kind, ct);
                var change = new DeclaredChange(body.Kind.ToString(), body.Reason, c.UserId, at, CatalogDeadlines.UpdateTimerId(e.Id, e.Published?.Number ?? 0),
                    deadline.DueDate, deadline.DueAt, rule.ToString(), deadline.IsProvisional);
                var outcome = CatalogWorkflow.DeclareChange(e, c, change with { Kind = body.Kind.ToString() });
                // The timer id is fixed per published version, so a lost race leaves at most a timer the handler ignores.
                if (outcome.Succeeded) await deadlines.ScheduleUpdateAsync(e, change, deadline, ct);
                return outcome;
            }, ct))
            .RequireRoles(Role.DataSteward).WithSummary("Declare that the resource (or the law) changed: the updated entry must be published within the rule set's working days");

        entries.MapGet("/{id}/history", async (string id, HttpContext http, CatalogStore store, IAuditLog audit, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var doc = await store.FindAsync(caller.Jurisdiction, id, ct);
            if (doc is null || !CatalogWorkflow.CanSee(doc.Entry, caller)) return Problems.NotFound($"Catalog entry {id}");
            await audit.WriteAsync(http.AuditFor("catalog.entry.history", CatalogService.Resource(caller.Jurisdiction, id)) with { DataContent = doc.Code, DataOwner = doc.Department }, ct);
            return Results.Ok(CatalogViews.History(doc.Entry, caller));
        }).WithSummary("Every version and event of an entry the caller may see");

        entries.MapGet("/{id}/diff", async (string id, int from, int to, HttpContext http, CatalogStore store, IAuditLog audit, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var doc = await store.FindAsync(caller.Jurisdiction, id, ct);
            if (doc is null || !CatalogWorkflow.CanSee(doc.Entry, caller)) return Problems.NotFound($"Catalog entry {id}");
            var owner = CatalogWorkflow.CanSeeWorking(doc.Entry, caller);
            var visible = doc.Entry.AllVersions.Where(v => owner || v.Number <= (doc.Entry.Published?.Number ?? 0)).ToDictionary(v => v.Number);
            if (!visible.TryGetValue(from, out var a)) return Problems.Validation("from", $"version {from} does not exist or is not visible to you");
            if (!visible.TryGetValue(to, out var b)) return Problems.Validation("to", $"version {to} does not exist or is not visible to you");
            await audit.WriteAsync(http.AuditFor("catalog.entry.diff", CatalogService.Resource(caller.Jurisdiction, id)) with { DataContent = $"{doc.Code} v{from}..v{to}", DataOwner = doc.Department }, ct);
            return Results.Ok(new { id, from, to, changes = CatalogDiff.Between(a.Content, b.Content) });
        }).WithSummary("The differences between two versions, field by field and data item by data item");

        group.MapGet("/drafts", async (HttpContext http, CatalogStore store, IAuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var docs = caller.Has(Role.DataAuthority) && !caller.Has(Role.DataSteward) && !caller.Has(Role.CatalogReviewer)
                ? await store.WorkingAsync(caller.Jurisdiction, null, [nameof(CatalogEntryState.DepartmentApproved)], ct)
                : await store.WorkingAsync(caller.Jurisdiction, caller.Department, Enum.GetNames<CatalogEntryState>().Where(s => s is not "Published" and not "Retired").ToArray(), ct);
            await audit.WriteAsync(http.AuditFor("catalog.drafts.list", $"catalog/{caller.Jurisdiction}/drafts") with { DataContent = $"{docs.Count} entries" }, ct);
            var now = time.GetUtcNow();
            return Results.Ok(new { items = docs.Where(d => CatalogWorkflow.CanSeeWorking(d.Entry, caller)).OrderBy(d => d.Code, StringComparer.Ordinal).Select(d => CatalogViews.Entry(d, caller, now)) });
        }).RequireRoles(Role.DataSteward, Role.CatalogReviewer, Role.DataAuthority)
          .WithSummary("Working versions the caller may act on: the department's drafts and reviews, or those waiting for the DataAuthority");

        group.MapPost("/annual-reviews/{year:int}", async (int year, AnnualReviewRequest body, HttpContext http, CatalogStore store, CatalogDeadlines deadlines, IAuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var current = Domain.Calendar.ChinaTime.DateOf(time.GetUtcNow()).Year;
            if (year != current && year != current - 1) return Problems.Validation("year", $"must be {current} or {current - 1}");
            if (body.Note is { Length: > 2000 }) return Problems.Validation("note", "must be at most 2000 characters");
            var created = await store.RecordAnnualReviewAsync(new AnnualReviewDocument(CatalogStore.AnnualReviewId(caller.Department, year), caller.Jurisdiction,
                caller.Department, year, caller.UserId, time.GetUtcNow(), body.Note), ct);
            if (!created) return Problems.Conflict($"the {year} review of department {caller.Department} is already recorded");
            await deadlines.CancelAnnualAsync(caller.Jurisdiction, caller.Department, year, ct);
            await deadlines.ReviewRecordedAsync(caller.Jurisdiction, caller.Department, year, ct);
            await audit.WriteAsync(http.AuditFor("catalog.annual-review.record", $"catalog/{caller.Jurisdiction}/departments/{caller.Department}/annual-review/{year}"), ct);
            return Results.Created($"/api/catalog/annual-reviews/{year}", new { year, department = caller.Department });
        }).RequireRoles(Role.CatalogReviewer).WithSummary("Record the department's full review of its catalog for a year (001 第十条)");

        CatalogFileEndpoints.Map(group);
        OpenCatalogEndpoints.Map(app);
        return app;
    }
}
