using GovData.Domain.Identity;
using GovData.Functions.Errors;
using GovData.Functions.Identity;

namespace GovData.Functions.Audit;

/// <summary>HTTP access to the audit trail for auditors and the data authority of a jurisdiction.</summary>
public static class AuditEndpoints
{
    /// <summary>Maps GET /api/audit/records.</summary>
    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit/records", async (DateTimeOffset? from, DateTimeOffset? to, string? department, string? owner, string? user, string? resource,
            HttpContext http, IAuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            if (DateBounds.Validate(("from", from), ("to", to)) is { } outOfRange) return outOfRange;
            var end = to ?? time.GetUtcNow();
            var start = from ?? end.AddDays(-1);
            if (start > end) return Problems.Validation("from", "must not be after 'to'");
            if (end - start > TimeSpan.FromDays(31)) return Problems.Validation("to", "a query spans at most 31 days; export longer ranges day by day");
            var query = new AuditQuery(caller.Jurisdiction, start, end) { Department = department, DataOwner = owner, UserId = user, ResourcePrefix = resource, Limit = 1000 };
            var records = new List<Domain.Audit.AuditRecord>();
            await foreach (var r in audit.QueryAsync(query, ct)) records.Add(r);
            await audit.WriteAsync(http.AuditFor("audit.records.read", "audit/records") with { Purpose = "audit review" }, ct);
            return Results.Ok(new { from = start, to = end, count = records.Count, records });
        })
        .RequireRoles(Role.Auditor, Role.DataAuthority)
        .WithTags("Audit")
        .WithSummary("Query the audit trail of the caller's jurisdiction");
        app.MapGet("/api/audit/verify", async (DateOnly from, DateOnly? to, HttpContext http, ChainedAuditLog chain, TableAuditLog index, IAuditLog audit, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            if (DateBounds.Validate(("from", (DateOnly?)from), ("to", to)) is { } outOfRange) return outOfRange;
            var last = to ?? from;
            if (last < from) return Problems.Validation("to", "must not be before 'from'");
            if (last.DayNumber - from.DayNumber > 366) return Problems.Validation("to", "a verification spans at most 366 days");
            var result = await new AuditVerification(chain, index).VerifyAsync(caller.Jurisdiction, from, last, ct);
            await audit.WriteAsync(http.AuditFor("audit.verify", $"audit/{caller.Jurisdiction}/{from:yyyy-MM-dd}..{last:yyyy-MM-dd}") with { Purpose = "audit trail verification" }, ct);
            return Results.Ok(result);
        })
        .RequireRoles(Role.Auditor, Role.DataAuthority)
        .WithTags("Audit")
        .WithSummary("Verify the trail of the caller's jurisdiction over a range of days: the hash chain, each day's signed checkpoint and the table index");
        app.MapGet("/api/audit/signing-key", async (HttpContext http, ChainedAuditLog chain, IAuditLog audit, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            await audit.WriteAsync(http.AuditFor("audit.signing-key.read", $"audit/{caller.Jurisdiction}/signing-key") with { Purpose = "audit trail verification" }, ct);
            return Results.Ok(new { keyId = chain.Signer.KeyId, algorithm = "ECDSA P-256 SHA-256", publicKey = chain.Signer.PublicKeyPem });
        })
        .RequireRoles(Role.Auditor, Role.DataAuthority)
        .WithTags("Audit")
        .WithSummary("The public key that signs the trail's checkpoints, to pin for offline verification");
        app.MapGet("/api/audit/trail", async (DateOnly from, DateOnly? to, HttpContext http, ChainedAuditLog chain, IAuditLog audit, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            if (DateBounds.Validate(("from", (DateOnly?)from), ("to", to)) is { } outOfRange) return outOfRange;
            var last = to ?? from;
            if (last < from) return Problems.Validation("to", "must not be before 'from'");
            if (last.DayNumber - from.DayNumber > 31) return Problems.Validation("to", "an exported trail spans at most 31 days");
            await chain.FlushAsync(ct);
            var prev = await chain.LastHashBeforeAsync(caller.Jurisdiction, from, ct);
            // Audited before the first byte: once streaming starts the answer is already 200.
            await audit.WriteAsync(http.AuditFor("audit.trail.export", $"audit/{caller.Jurisdiction}/{from:yyyy-MM-dd}..{last:yyyy-MM-dd}") with { Purpose = "audit trail verification", Medium = "jsonl" }, ct);
            return Results.Stream(async stream =>
            {
                await using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);
                await writer.WriteAsync(Domain.Audit.AuditTrailBundle.HeaderLine(new(caller.Jurisdiction, from, last, prev, chain.Signer.KeyId, chain.Signer.PublicKeyPem)) + "\n");
                for (var day = from; day <= last; day = day.AddDays(1))
                {
                    await writer.WriteAsync(Domain.Audit.AuditTrailBundle.DayLine(day) + "\n");
                    foreach (var line in await chain.ReadDayAsync(caller.Jurisdiction, day, ct)) await writer.WriteAsync(line + "\n");
                    if ((await chain.Journal.HeadAsync(caller.Jurisdiction, day, ct))?.Signed is { } signed)
                        await writer.WriteAsync(Domain.Audit.AuditCheckpoints.ToLine(signed) + "\n");
                }
                await writer.FlushAsync(ct);
            }, "application/jsonl; charset=utf-8", $"trail-{caller.Jurisdiction}-{from:yyyyMMdd}-{last:yyyyMMdd}.jsonl");
        })
        .RequireRoles(Role.Auditor, Role.DataAuthority)
        .WithTags("Audit")
        .WithSummary("Export the chained trail with its signed checkpoints (JSON Lines, at most 31 days), to verify offline (docs/audit.md)");
        app.MapGet("/api/audit/usage", async (DateTimeOffset? from, DateTimeOffset? to, string? user, string? resource, string? format,
            HttpContext http, IAuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var range = Range(from, to, time, 31);
            if (range.Problem is { } problem) return problem;
            var (start, end) = (range.Start!.Value, range.End!.Value);
            if (format is not (null or "json" or "csv" or "jsonl")) return Problems.Validation("format", "must be json, csv or jsonl");
            // Always the caller's own department: which department's usage is read is never a parameter.
            var query = new AuditQuery(caller.Jurisdiction, start, end) { DataOwner = caller.Department, UserId = user, ResourcePrefix = resource, Limit = format is "csv" or "jsonl" ? 100_000 : 1000 };
            await audit.WriteAsync(http.AuditFor("audit.usage.read", $"audit/{caller.Jurisdiction}/usage/{caller.Department}") with
            {
                Purpose = "use of the department's own data (000 第三十九条)",
                Medium = format ?? "json",
                DataOwner = caller.Department,
            }, ct);
            if (format is "csv" or "jsonl")
                return Results.Stream(s => AuditExport.WriteAsync(s, format, audit.QueryAsync(query, ct), ct), AuditExport.ContentType(format), $"usage-{caller.Department}.{format}");
            var records = new List<Domain.Audit.AuditRecord>();
            await foreach (var r in audit.QueryAsync(query, ct)) records.Add(r);
            return Results.Ok(new { department = caller.Department, from = start, to = end, count = records.Count, records });
        })
        .RequireRoles(Role.DataSteward, Role.CatalogReviewer, Role.DataAuthority)
        .WithTags("Audit")
        .WithSummary("Every recorded use of the caller's department's own data (000 第三十九条): user, resource and time filters; format=json, csv or jsonl");

        app.MapGet("/api/audit/export", async (DateTimeOffset? from, DateTimeOffset? to, string? format, string? department, string? owner, string? user, string? resource,
            HttpContext http, IAuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            if (format is not ("csv" or "jsonl")) return Problems.Validation("format", "must be csv or jsonl");
            var range = Range(from, to, time, 366);
            if (range.Problem is { } problem) return problem;
            var (start, end) = (range.Start!.Value, range.End!.Value);
            var query = new AuditQuery(caller.Jurisdiction, start, end) { Department = department, DataOwner = owner, UserId = user, ResourcePrefix = resource, Limit = int.MaxValue };
            // Audited before the first byte: once streaming starts the answer is already 200.
            await audit.WriteAsync(http.AuditFor("audit.export", $"audit/{caller.Jurisdiction}/export") with
            {
                Purpose = "audit review",
                Medium = format,
                DataContent = http.Request.QueryString.Value,
            }, ct);
            return Results.Stream(s => AuditExport.WriteAsync(s, format, audit.QueryAsync(query, ct), ct), AuditExport.ContentType(format),
                $"audit-{caller.Jurisdiction}-{start:yyyyMMdd}-{end:yyyyMMdd}.{format}");
        })
        .RequireRoles(Role.Auditor, Role.DataAuthority)
        .WithTags("Audit")
        .WithSummary("Export the audit trail of the caller's jurisdiction as CSV or JSON Lines, filtered by department, data owner, user, resource and time (at most 366 days)");
        app.MapGet("/api/audit/retention", async (HttpContext http, RuleSets.RuleSetService rules, Microsoft.Extensions.Options.IOptions<AuditRetentionOptions> options,
            IAuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var effective = await rules.ResolveAsync(caller.Jurisdiction, ct);
            var registry = await rules.GetRegistryAsync(ct);
            var (longestJurisdiction, longest) = Domain.Audit.AuditRetention.Longest(registry, Domain.Calendar.ChinaTime.DateOf(time.GetUtcNow()));
            var required = Domain.Audit.AuditRetention.MaxDays(longest);
            var configured = options.Value.ImmutabilityPeriodDays;
            await audit.WriteAsync(http.AuditFor("audit.retention.read", $"audit/{caller.Jurisdiction}/retention") with { Purpose = "audit review" }, ct);
            return Results.Ok(new
            {
                jurisdiction = caller.Jurisdiction,
                retentionMonths = effective.Audit.Retention.Value.Count,
                retentionRule = effective.Cite(effective.Audit.Retention).ToString(),
                keptUntilAtLeast = effective.Audit.Retention.Value.AddTo(Domain.Calendar.ChinaTime.DateOf(time.GetUtcNow())),
                longestRetentionMonths = longest.Count,
                longestRetentionJurisdiction = longestJurisdiction,
                requiredImmutabilityDays = required,
                immutabilityPeriodDays = configured,
                // Null: no immutability policy here (the local emulator has none); records are still append-only.
                sufficient = configured is { } days ? days >= required : (bool?)null,
            });
        })
        .RequireRoles(Role.Auditor, Role.DataAuthority)
        .WithTags("Audit")
        .WithSummary("The jurisdiction's audit retention (audit.retention, cited), the longest of all rule sets, and whether the deployed WORM period covers it");
        return app;
    }

    private sealed record TimeRange(DateTimeOffset? Start, DateTimeOffset? End, IResult? Problem);

    private static TimeRange Range(DateTimeOffset? from, DateTimeOffset? to, TimeProvider time, int maxDays)
    {
        if (DateBounds.Validate(("from", from), ("to", to)) is { } outOfRange) return new(null, null, outOfRange);
        var end = to ?? time.GetUtcNow();
        var start = from ?? end.AddDays(-1);
        if (start > end) return new(null, null, Problems.Validation("from", "must not be after 'to'"));
        if (end - start > TimeSpan.FromDays(maxDays)) return new(null, null, Problems.Validation("to", $"a query spans at most {maxDays} days"));
        return new(start, end, null);
    }
}
