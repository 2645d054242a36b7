using System.Globalization;
using System.Text;
using GovData.Domain;
using GovData.Domain.Audit;
using GovData.Domain.Calendar;
using GovData.Functions.Errors;
using GovData.Functions.Hosting.Http;
using Microsoft.Extensions.Options;

namespace GovData.Functions.Audit;

/// <summary>A page of the audit trail of the caller's jurisdiction.</summary>
/// <param name="From">The start of the range read.</param>
/// <param name="To">Its end.</param>
/// <param name="Count">The records found (at most 1000).</param>
/// <param name="Records">The records.</param>
public sealed record AuditRecordsView(DateTimeOffset From, DateTimeOffset To, int Count, IReadOnlyList<AuditRecord> Records);

/// <summary>Every recorded use of the caller's department's own data over a range (000 第三十九条).</summary>
/// <param name="Department">The caller's department, the data owner.</param>
/// <param name="From">The start of the range read.</param>
/// <param name="To">Its end.</param>
/// <param name="Count">The records found (at most 1000).</param>
/// <param name="Records">The records.</param>
public sealed record DataUsageView(string Department, DateTimeOffset From, DateTimeOffset To, int Count, IReadOnlyList<AuditRecord> Records);

/// <summary>The public key that signs the trail's checkpoints.</summary>
/// <param name="KeyId">Its id, as checkpoints and bundles name it.</param>
/// <param name="Algorithm">Always <c>ECDSA P-256 SHA-256</c>.</param>
/// <param name="PublicKey">The key, PEM.</param>
public sealed record AuditSigningKeyView(string KeyId, string Algorithm, string PublicKey);

/// <summary>The jurisdiction's audit retention and whether the deployed WORM period covers the longest of all rule sets.</summary>
/// <param name="Jurisdiction">The caller's jurisdiction.</param>
/// <param name="RetentionMonths">Its rule (audit.retention), in months.</param>
/// <param name="RetentionRule">The rule cited.</param>
/// <param name="KeptUntilAtLeast">Today's records are kept at least until this day.</param>
/// <param name="LongestRetentionMonths">The longest retention of all rule sets in force.</param>
/// <param name="LongestRetentionJurisdiction">The jurisdiction whose rule set has it.</param>
/// <param name="RequiredImmutabilityDays">The immutability period, in days, that covers it.</param>
/// <param name="ImmutabilityPeriodDays">The deployed period, or null where there is no immutability policy (the local emulator).</param>
/// <param name="Sufficient">Whether the deployed period covers the required one (null: no policy here; records are still append-only).</param>
public sealed record AuditRetentionView(string Jurisdiction, int RetentionMonths, string RetentionRule, DateOnly KeptUntilAtLeast, int LongestRetentionMonths,
    string LongestRetentionJurisdiction, int RequiredImmutabilityDays, int? ImmutabilityPeriodDays, bool? Sufficient);

/// <summary>The filters of a read of the audit trail, as the query gives them (times with their offset).</summary>
/// <param name="From">The start, default a day before <paramref name="To"/>.</param>
/// <param name="To">The end, default now.</param>
/// <param name="Department">The acting department.</param>
/// <param name="Owner">The department whose data was used.</param>
/// <param name="User">The acting user.</param>
/// <param name="Resource">A prefix of the resource.</param>
public sealed record AuditFilter(string? From, string? To, string? Department = null, string? Owner = null, string? User = null, string? Resource = null);

/// <summary>A file answer: its media type, the name to save it under, and what writes it (the audit record is written before).</summary>
public sealed record AuditFile(string ContentType, string FileName, Func<Stream, Task> WriteAsync);

/// <summary>
/// The audit trail's operations for auditors and the data authority of a jurisdiction, and a producing department's view of
/// the use of its own data, with no HTTP in sight: query, verify, the signing key, the chained trail bundle, the usage of the
/// department's data, export and retention (docs/audit.md). Every one is audited; an export before its first byte.
/// </summary>
public sealed class AuditTrailOperations(IAuditLog audit, ChainedAuditLog chain, TableAuditLog index, RuleSets.RuleSetService rules,
    IOptions<AuditRetentionOptions> options, TimeProvider time)
{
    private const string UsagePurpose = "use of the department's own data (000 第三十九条)";

    /// <summary>The records of the caller's jurisdiction that match <paramref name="filter"/>, over at most 31 days (at most 1000).</summary>
    public async Task<OperationAnswer<AuditRecordsView>> QueryAsync(RequestContext request, AuditFilter filter, CancellationToken ct)
    {
        var caller = request.User;
        if (ParseTime("from", filter.From, out var from) is { } badFrom) return OperationAnswer<AuditRecordsView>.Refused(badFrom);
        if (ParseTime("to", filter.To, out var to) is { } badTo) return OperationAnswer<AuditRecordsView>.Refused(badTo);
        var end = to ?? time.GetUtcNow();
        var start = from ?? end.AddDays(-1);
        if (start > end) return OperationAnswer<AuditRecordsView>.Refused("from", "must not be after 'to'");
        if (end - start > TimeSpan.FromDays(31)) return OperationAnswer<AuditRecordsView>.Refused("to", "a query spans at most 31 days; export longer ranges day by day");
        var query = new AuditQuery(caller.Jurisdiction, start, end)
        {
            Department = filter.Department, DataOwner = filter.Owner, UserId = filter.User, ResourcePrefix = filter.Resource, Limit = 1000,
        };
        var records = new List<AuditRecord>();
        await foreach (var r in audit.QueryAsync(query, ct)) records.Add(r);
        await audit.WriteAsync(request.AuditFor("audit.records.read", "audit/records") with { Purpose = "audit review" }, ct);
        return new(new AuditRecordsView(start, end, records.Count, records));
    }

    /// <summary>Verifies the caller's jurisdiction's trail from <paramref name="from"/> to <paramref name="to"/> (default the same day; at most 366 days).</summary>
    public async Task<OperationAnswer<AuditVerificationResult>> VerifyAsync(RequestContext request, string? from, string? to, CancellationToken ct)
    {
        var caller = request.User;
        var (first, last, error) = Days(from, to, 366, "a verification spans at most 366 days");
        if (error is not null) return OperationAnswer<AuditVerificationResult>.Refused(error);
        var result = await new AuditVerification(chain, index).VerifyAsync(caller.Jurisdiction, first, last, ct);
        await audit.WriteAsync(request.AuditFor("audit.verify", $"audit/{caller.Jurisdiction}/{first:yyyy-MM-dd}..{last:yyyy-MM-dd}") with { Purpose = "audit trail verification" }, ct);
        return new(result);
    }

    /// <summary>The public key that signs the trail's checkpoints.</summary>
    public async Task<AuditSigningKeyView> SigningKeyAsync(RequestContext request, CancellationToken ct)
    {
        var caller = request.User;
        await audit.WriteAsync(request.AuditFor("audit.signing-key.read", $"audit/{caller.Jurisdiction}/signing-key") with { Purpose = "audit trail verification" }, ct);
        return new AuditSigningKeyView(chain.Signer.KeyId, "ECDSA P-256 SHA-256", chain.Signer.PublicKeyPem);
    }

    /// <summary>
    /// The chained trail of the caller's jurisdiction from <paramref name="from"/> to <paramref name="to"/> (at most 31 days) with
    /// its signed checkpoints, as JSON Lines to verify offline (docs/audit.md).
    /// </summary>
    public async Task<OperationAnswer<AuditFile>> TrailBundleAsync(RequestContext request, string? from, string? to, CancellationToken ct)
    {
        var caller = request.User;
        var (first, last, error) = Days(from, to, 31, "an exported trail spans at most 31 days");
        if (error is not null) return OperationAnswer<AuditFile>.Refused(error);
        await chain.FlushAsync(ct);
        var prev = await chain.LastHashBeforeAsync(caller.Jurisdiction, first, ct);
        // Audited before the first byte: once streaming starts the answer is already 200.
        await audit.WriteAsync(request.AuditFor("audit.trail.export", $"audit/{caller.Jurisdiction}/{first:yyyy-MM-dd}..{last:yyyy-MM-dd}") with
        {
            Purpose = "audit trail verification", Medium = "jsonl",
        }, ct);
        return new(new AuditFile("application/jsonl; charset=utf-8", $"trail-{caller.Jurisdiction}-{first:yyyyMMdd}-{last:yyyyMMdd}.jsonl", async stream =>
        {
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
            await writer.WriteAsync(AuditTrailBundle.HeaderLine(new(caller.Jurisdiction, first, last, prev, chain.Signer.KeyId, chain.Signer.PublicKeyPem)) + "\n");
            for (var day = first; day <= last; day = day.AddDays(1))
            {
                await writer.WriteAsync(AuditTrailBundle.DayLine(day) + "\n");
                foreach (var line in await chain.ReadDayAsync(caller.Jurisdiction, day, ct)) await writer.WriteAsync(line + "\n");
                if ((await chain.Journal.HeadAsync(caller.Jurisdiction, day, ct))?.Signed is { } signed)
                    await writer.WriteAsync(AuditCheckpoints.ToLine(signed) + "\n");
            }
            await writer.FlushAsync(ct);
        }));
    }

    /// <summary>
    /// Every recorded use of the caller's department's own data (always its own: which department's usage is read is never a
    /// parameter) over at most 31 days: as JSON (<see cref="DataUsageView"/>, at most 1000 records) or, for <paramref name="format"/>
    /// csv or jsonl, a file (at most 100 000 records).
    /// </summary>
    public async Task<OperationAnswer<DataUsage>> UsageAsync(RequestContext request, AuditFilter filter, string? format, CancellationToken ct)
    {
        var caller = request.User;
        var (start, end, error) = Range(filter.From, filter.To, 31);
        if (error is not null) return OperationAnswer<DataUsage>.Refused(error);
        if (format is not (null or "json" or "csv" or "jsonl")) return OperationAnswer<DataUsage>.Refused("format", "must be json, csv or jsonl");
        var query = new AuditQuery(caller.Jurisdiction, start, end)
        {
            DataOwner = caller.Department, UserId = filter.User, ResourcePrefix = filter.Resource, Limit = format is "csv" or "jsonl" ? 100_000 : 1000,
        };
        await audit.WriteAsync(request.AuditFor("audit.usage.read", $"audit/{caller.Jurisdiction}/usage/{caller.Department}") with
        {
            Purpose = UsagePurpose,
            Medium = format ?? "json",
            DataOwner = caller.Department,
        }, ct);
        if (format is "csv" or "jsonl")
            return new(new DataUsage(null, new AuditFile(AuditExport.ContentType(format), $"usage-{caller.Department}.{format}",
                s => AuditExport.WriteAsync(s, format, audit.QueryAsync(query, ct), ct))));
        var records = new List<AuditRecord>();
        await foreach (var r in audit.QueryAsync(query, ct)) records.Add(r);
        return new(new DataUsage(new DataUsageView(caller.Department, start, end, records.Count, records), null));
    }

    /// <summary>
    /// The records of the caller's jurisdiction that match <paramref name="filter"/> over at most 366 days, as a CSV or JSON Lines
    /// file; <paramref name="asked"/> is the query as asked, which the audit record keeps.
    /// </summary>
    public async Task<OperationAnswer<AuditFile>> ExportAsync(RequestContext request, AuditFilter filter, string? format, string? asked, CancellationToken ct)
    {
        var caller = request.User;
        if (format is not ("csv" or "jsonl")) return OperationAnswer<AuditFile>.Refused("format", "must be csv or jsonl");
        var (start, end, error) = Range(filter.From, filter.To, 366);
        if (error is not null) return OperationAnswer<AuditFile>.Refused(error);
        var query = new AuditQuery(caller.Jurisdiction, start, end)
        {
            Department = filter.Department, DataOwner = filter.Owner, UserId = filter.User, ResourcePrefix = filter.Resource, Limit = int.MaxValue,
        };
        // Audited before the first byte: once streaming starts the answer is already 200.
        await audit.WriteAsync(request.AuditFor("audit.export", $"audit/{caller.Jurisdiction}/export") with
        {
            Purpose = "audit review",
            Medium = format,
            DataContent = asked,
        }, ct);
        return new(new AuditFile(AuditExport.ContentType(format), $"audit-{caller.Jurisdiction}-{start:yyyyMMdd}-{end:yyyyMMdd}.{format}",
            s => AuditExport.WriteAsync(s, format, audit.QueryAsync(query, ct), ct)));
    }

    /// <summary>The caller's jurisdiction's audit retention (cited), the longest of all rule sets, and whether the deployed WORM period covers it.</summary>
    public async Task<AuditRetentionView> RetentionAsync(RequestContext request, CancellationToken ct)
    {
        var caller = request.User;
        var effective = await rules.ResolveAsync(caller.Jurisdiction, ct);
        var registry = await rules.GetRegistryAsync(ct);
        var (longestJurisdiction, longest) = AuditRetention.Longest(registry, ChinaTime.DateOf(time.GetUtcNow()));
        var required = AuditRetention.MaxDays(longest);
        var configured = options.Value.ImmutabilityPeriodDays;
        await audit.WriteAsync(request.AuditFor("audit.retention.read", $"audit/{caller.Jurisdiction}/retention") with { Purpose = "audit review" }, ct);
        return new AuditRetentionView(
            caller.Jurisdiction,
            effective.Audit.Retention.Value.Count,
            effective.Cite(effective.Audit.Retention).ToString(),
            effective.Audit.Retention.Value.AddTo(ChinaTime.DateOf(time.GetUtcNow())),
            longest.Count,
            longestJurisdiction,
            required,
            configured,
            // Null: no immutability policy here (the local emulator has none); records are still append-only.
            configured is { } days ? days >= required : null);
    }

    // A time from the query (with its offset; one without is UTC), checked against DateBounds: the reason it is refused, or null.
    private static ValidationError? ParseTime(string field, string? text, out DateTimeOffset? value)
    {
        value = null;
        if (string.IsNullOrEmpty(text)) return null;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal, out var parsed))
            return new(field, "must be a date and time with its offset, e.g. 2026-11-24T10:00:00+08:00");
        if (DateBounds.Check(parsed) is { } outOfRange) return new(field, outOfRange);
        value = parsed;
        return null;
    }

    // From and to as times: default the day before now, at most maxDays apart.
    private (DateTimeOffset Start, DateTimeOffset End, ValidationError? Error) Range(string? from, string? to, int maxDays)
    {
        if (ParseTime("from", from, out var start) is { } badFrom) return (default, default, badFrom);
        if (ParseTime("to", to, out var end) is { } badTo) return (default, default, badTo);
        var last = end ?? time.GetUtcNow();
        var first = start ?? last.AddDays(-1);
        if (first > last) return (default, default, new("from", "must not be after 'to'"));
        if (last - first > TimeSpan.FromDays(maxDays)) return (default, default, new("to", $"a query spans at most {maxDays} days"));
        return (first, last, null);
    }

    // From (required) and to (default from) as days, at most maxDays apart.
    private static (DateOnly First, DateOnly Last, ValidationError? Error) Days(string? from, string? to, int maxDays, string tooLong)
    {
        if (string.IsNullOrEmpty(from)) return (default, default, new("from", "is required (a date, yyyy-MM-dd)"));
        if (!DateOnly.TryParse(from, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var first)) return (default, default, new("from", "must be a date, yyyy-MM-dd"));
        if (DateBounds.Check(first) is { } fromOutOfRange) return (default, default, new("from", fromOutOfRange));
        var last = first;
        if (!string.IsNullOrEmpty(to))
        {
            if (!DateOnly.TryParse(to, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out last)) return (default, default, new("to", "must be a date, yyyy-MM-dd"));
            if (DateBounds.Check(last) is { } toOutOfRange) return (default, default, new("to", toOutOfRange));
        }
        if (last < first) return (default, default, new("to", "must not be before 'from'"));
        if (last.DayNumber - first.DayNumber > maxDays) return (default, default, new("to", tooLong));
        return (first, last, null);
    }
}

/// <summary>The use of a department's data as read: a JSON page, or a file when csv or jsonl was asked for.</summary>
public sealed record DataUsage(DataUsageView? Page, AuditFile? File);
