using GovData.Domain.Identity;
using GovData.Functions.Errors;
using GovData.Functions.Hosting.Http;
using Microsoft.Azure.Functions.Worker;

namespace GovData.Functions.Audit;

/// <summary>
/// The HTTP functions of the audit trail under /api/audit (docs/audit.md), over <see cref="AuditTrailOperations"/>: for auditors
/// and the data authority of a jurisdiction, query, verify, the signing key, the trail bundle, export and retention; for a
/// producing department, the use of its own data.
/// </summary>
public sealed class AuditTrailFunctions(AuditTrailOperations trail)
{
    private const string Tag = "Audit";
    private const string Jsonl = "application/jsonl";
    private const string Csv = "text/csv";

    /// <summary>Query the trail.</summary>
    [Function("QueryAuditRecords")]
    [Roles(Role.Auditor, Role.DataAuthority)]
    [Operation(Tag, "Query the audit trail of the caller's jurisdiction")]
    [Query("from", "The start, default a day before `to`", Format = "date-time")]
    [Query("to", "The end, default now; at most 31 days after `from`", Format = "date-time")]
    [Query("department", "The acting department")]
    [Query("owner", "The department whose data was used")]
    [Query("user", "The acting user")]
    [Query("resource", "A prefix of the resource")]
    [Returns(StatusCodes.Status200OK, typeof(AuditRecordsView))]
    [Returns(StatusCodes.Status400BadRequest)]
    public async Task<IResult> QueryAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "audit/records")] HttpRequest req, CancellationToken ct) =>
        OperationAnswers.Ok(await trail.QueryAsync(RequestContext.Of(req.HttpContext), Filter(req, withDepartment: true), ct));

    /// <summary>Verify the trail.</summary>
    [Function("VerifyAuditTrail")]
    [Roles(Role.Auditor, Role.DataAuthority)]
    [Operation(Tag, "Verify the trail of the caller's jurisdiction over a range of days: the hash chain, each day's signed checkpoint and the table index")]
    [Query("from", "The first day", Required = true, Format = "date")]
    [Query("to", "The last day, default `from`; at most 366 days after it", Format = "date")]
    [Returns(StatusCodes.Status200OK, typeof(AuditVerificationResult))]
    [Returns(StatusCodes.Status400BadRequest)]
    public async Task<IResult> VerifyAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "audit/verify")] HttpRequest req, CancellationToken ct) =>
        OperationAnswers.Ok(await trail.VerifyAsync(RequestContext.Of(req.HttpContext), req.Query["from"].FirstOrDefault(), req.Query["to"].FirstOrDefault(), ct));

    /// <summary>The signing key.</summary>
    [Function("GetAuditSigningKey")]
    [Roles(Role.Auditor, Role.DataAuthority)]
    [Operation(Tag, "The public key that signs the trail's checkpoints, to pin for offline verification")]
    [Returns(StatusCodes.Status200OK, typeof(AuditSigningKeyView))]
    public async Task<IResult> SigningKeyAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "audit/signing-key")] HttpRequest req, CancellationToken ct) =>
        Results.Ok(await trail.SigningKeyAsync(RequestContext.Of(req.HttpContext), ct));

    /// <summary>Export the chained trail.</summary>
    [Function("ExportAuditTrailBundle")]
    [Roles(Role.Auditor, Role.DataAuthority)]
    [Operation(Tag, "Export the chained trail with its signed checkpoints (JSON Lines, at most 31 days), to verify offline (docs/audit.md)")]
    [Query("from", "The first day", Required = true, Format = "date")]
    [Query("to", "The last day, default `from`; at most 31 days after it", Format = "date")]
    [Returns(StatusCodes.Status200OK, ContentTypes = [Jsonl])]
    [Returns(StatusCodes.Status400BadRequest)]
    public async Task<IResult> TrailAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "audit/trail")] HttpRequest req, CancellationToken ct) =>
        File(await trail.TrailBundleAsync(RequestContext.Of(req.HttpContext), req.Query["from"].FirstOrDefault(), req.Query["to"].FirstOrDefault(), ct));

    /// <summary>The use of the caller's department's data.</summary>
    [Function("ReadDataUsage")]
    [Roles(Role.DataSteward, Role.CatalogReviewer, Role.DataAuthority)]
    [Operation(Tag, "Every recorded use of the caller's department's own data (000 第三十九条): user, resource and time filters; format=json, csv or jsonl")]
    [Query("from", "The start, default a day before `to`", Format = "date-time")]
    [Query("to", "The end, default now; at most 31 days after `from`", Format = "date-time")]
    [Query("user", "The acting user")]
    [Query("resource", "A prefix of the resource")]
    [Query("format", "json (default), csv or jsonl")]
    [Returns(StatusCodes.Status200OK, typeof(DataUsageView), ContentTypes = [Csv, Jsonl])]
    [Returns(StatusCodes.Status400BadRequest)]
    public async Task<IResult> UsageAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "audit/usage")] HttpRequest req, CancellationToken ct)
    {
        var answer = await trail.UsageAsync(RequestContext.Of(req.HttpContext), Filter(req, withDepartment: false), req.Query["format"].FirstOrDefault(), ct);
        return answer.Value is { File: { } file } ? Stream(file) : OperationAnswers.Ok(answer.Value is { Page: { } page } ? new OperationAnswer<DataUsageView>(page) : new(default, answer.Invalid, answer.NotFound));
    }

    /// <summary>Export the trail.</summary>
    [Function("ExportAuditRecords")]
    [Roles(Role.Auditor, Role.DataAuthority)]
    [Operation(Tag, "Export the audit trail of the caller's jurisdiction as CSV or JSON Lines, filtered by department, data owner, user, resource and time (at most 366 days)")]
    [Query("format", "csv or jsonl", Required = true)]
    [Query("from", "The start, default a day before `to`", Format = "date-time")]
    [Query("to", "The end, default now; at most 366 days after `from`", Format = "date-time")]
    [Query("department", "The acting department")]
    [Query("owner", "The department whose data was used")]
    [Query("user", "The acting user")]
    [Query("resource", "A prefix of the resource")]
    [Returns(StatusCodes.Status200OK, ContentTypes = [Csv, Jsonl])]
    [Returns(StatusCodes.Status400BadRequest)]
    public async Task<IResult> ExportAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "audit/export")] HttpRequest req, CancellationToken ct) =>
        File(await trail.ExportAsync(RequestContext.Of(req.HttpContext), Filter(req, withDepartment: true), req.Query["format"].FirstOrDefault(), req.QueryString.Value, ct));

    /// <summary>The audit retention.</summary>
    [Function("GetAuditRetention")]
    [Roles(Role.Auditor, Role.DataAuthority)]
    [Operation(Tag, "The jurisdiction's audit retention (audit.retention, cited), the longest of all rule sets, and whether the deployed WORM period covers it")]
    [Returns(StatusCodes.Status200OK, typeof(AuditRetentionView))]
    public async Task<IResult> RetentionAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "audit/retention")] HttpRequest req, CancellationToken ct) =>
        Results.Ok(await trail.RetentionAsync(RequestContext.Of(req.HttpContext), ct));

    private static AuditFilter Filter(HttpRequest req, bool withDepartment) => new(
        req.Query["from"].FirstOrDefault(), req.Query["to"].FirstOrDefault(),
        withDepartment ? req.Query["department"].FirstOrDefault() : null, withDepartment ? req.Query["owner"].FirstOrDefault() : null,
        req.Query["user"].FirstOrDefault(), req.Query["resource"].FirstOrDefault());

    /// <summary>A file answer: streamed, the audit record written already.</summary>
    internal static IResult Stream(AuditFile file) => Results.Stream(file.WriteAsync, file.ContentType, file.FileName);

    /// <summary>A file, or the refusal.</summary>
    internal static IResult File(OperationAnswer<AuditFile> answer) => answer.Value is { } file ? Stream(file) : OperationAnswers.Ok(answer);

}
