using GovData.Domain;
using GovData.Domain.Catalog;
using GovData.Domain.Identity;
using GovData.Functions.Audit;
using GovData.Functions.Errors;
using GovData.Functions.Identity;
using GovData.Functions.Reference;
using Microsoft.AspNetCore.Mvc;

namespace GovData.Functions.Catalog;

/// <summary>Template download, bulk import and export of the catalog.</summary>
public static class CatalogFileEndpoints
{
    /// <summary>Largest import file.</summary>
    public const long MaxImportBytes = 20 * 1024 * 1024;
    /// <summary>Most rows in one import.</summary>
    public const int MaxImportRows = 10_000;
    internal const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Maps /api/catalog/template, /import and /export.</summary>
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/template", async (string? format, HttpContext http, IAuditLog audit, CancellationToken ct) =>
        {
            format ??= "xlsx";
            if (format is not ("csv" or "xlsx")) return Problems.Validation("format", "must be csv or xlsx");
            await audit.WriteAsync(http.AuditFor("catalog.template.download", "catalog/template") with { Medium = format }, ct);
            return format == "csv"
                ? Results.File(CatalogSheet.ToCsv(CatalogSheet.Columns, [CatalogSheet.Row(CatalogSheet.Example)]), "text/csv; charset=utf-8", "catalog-template.csv")
                : Results.File(CatalogSheet.ToXlsx(CatalogSheet.Columns, [CatalogSheet.Row(CatalogSheet.Example)], withHelp: true), Xlsx, "catalog-template.xlsx");
        }).WithSummary("Download the import template (csv or xlsx, one row per entry; see docs/catalog.md)");

        group.MapPost("/import", async (HttpRequest request, string? encoding, CatalogImporter importer, CancellationToken ct) =>
        {
            var (file, charset) = await ReadFileAsync(request, ct);
            // The query parameter wins over the Content-Type charset; neither means detect.
            if (CatalogSheet.ParseEncoding(encoding ?? charset) is not { } declared)
                return Problems.Validation(encoding is not null ? "encoding" : "Content-Type", "the CSV encoding must be utf-8 or gb18030 (gbk and gb2312 are read as gb18030)");
            return await importer.ImportAsync(request.HttpContext, file, declared, ct);
        })
            .RequireRoles(Role.DataSteward)
            .WithMetadata(new RequestSizeLimitAttribute(MaxImportBytes))
            .WithSummary("Import drafts from a filled-in template (.xlsx, or CSV in UTF-8 or GB18030/GBK: encoding=utf-8|gbk|gb18030 or detected; as the body or a multipart file); nothing is imported if any row is bad");

        group.MapGet("/export", async (string? format, HttpContext http, CatalogStore store, ReferenceStore reference, IAuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            return await ExportAsync(http, caller.Jurisdiction, format, openOnly: false, store, reference, audit, time, ct);
        }).WithSummary("Export the jurisdiction's published catalog: format=dcat (JSON-LD, DCAT v3), csv or xlsx");
    }

    private static async Task<(byte[] File, string? Charset)> ReadFileAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            var file = form.Files.FirstOrDefault();
            if (file is null) return ([], null);
            using var ms = new MemoryStream();
            await file.CopyToAsync(ms, ct);
            return (ms.ToArray(), CharsetOf(file.ContentType));
        }
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, ct);
        return (body.ToArray(), CharsetOf(request.ContentType));
    }

    private static string? CharsetOf(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media) && media.Charset.HasValue ? media.Charset.Value : null;

    /// <summary>Writes the published (or open) catalog of a jurisdiction in the requested format.</summary>
    public static async Task<IResult> ExportAsync(HttpContext http, string jurisdiction, string? format, bool openOnly, CatalogStore store,
        ReferenceStore reference, IAuditLog audit, TimeProvider time, CancellationToken ct)
    {
        format ??= "dcat";
        if (format is not ("dcat" or "csv" or "xlsx")) return Problems.Validation("format", "must be dcat, csv or xlsx");
        var docs = await store.ListedAsync(jurisdiction, openOnly, ct);
        var entries = docs.Select(d => d.Entry).OrderBy(e => e.Code, StringComparer.Ordinal).ToList();
        await audit.WriteAsync(http.AuditFor(openOnly ? "catalog.open.export" : "catalog.export", $"catalog/{jurisdiction}/export", jurisdiction) with
        {
            Medium = format,
            DataContent = $"{entries.Count} entries",
        }, ct);
        var name = $"catalog-{jurisdiction}{(openOnly ? "-open" : "")}";
        if (format == "dcat")
        {
            var departments = (await reference.ListDepartmentsAsync(jurisdiction, ct)).ToDictionary(d => d.Code, d => d.Name);
            var j = await reference.FindJurisdictionAsync(jurisdiction, ct);
            var baseUri = $"{http.Request.Scheme}://{http.Request.Host}/api/{(openOnly ? "open-catalog" : "catalog")}/{jurisdiction}";
            var json = DcatExport.Build(jurisdiction, j?.Name, departments, entries, time.GetUtcNow(), baseUri);
            return Results.Text(json.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }),
                "application/ld+json", System.Text.Encoding.UTF8);
        }
        string[] header = [.. CatalogSheet.Columns, .. CatalogSheet.ExportOnly];
        var rows = entries.Select(CatalogSheet.ExportRow);
        return format == "csv"
            ? Results.File(CatalogSheet.ToCsv(header, rows), "text/csv; charset=utf-8", name + ".csv")
            : Results.File(CatalogSheet.ToXlsx(header, rows, withHelp: false), Xlsx, name + ".xlsx");
    }
}

/// <summary>Bulk import: every row checked first, all bad rows reported, and only a clean file creates drafts.</summary>
public sealed class CatalogImporter(CatalogStore store, CatalogSearchIndex index, IAuditLog audit, TimeProvider time)
{
    private const int Parallelism = 16;

    /// <summary>Parses, checks and imports; answers 201 with the new drafts or a problem.</summary>
    public async Task<IResult> ImportAsync(HttpContext http, byte[] file, CsvEncoding encoding, CancellationToken ct)
    {
        var caller = http.GetCaller();
        var resource = $"catalog/{caller.Jurisdiction}/import";
        CatalogSheet.Table table;
        try
        {
            table = CatalogSheet.Read(file, encoding);
            CatalogSheet.CheckHeader(table.Header);
        }
        catch (NotASpreadsheetException e)
        {
            await audit.WriteAsync(http.AuditFor("catalog.import", resource) with { Outcome = Domain.Audit.AuditOutcome.Refused, Reason = e.Message }, ct);
            return Problems.Validation("file", e.Message);
        }
        if (table.Rows.Count == 0) return Problems.Validation("file", "has no data rows below the header");
        if (table.Rows.Count > CatalogImporter.MaxRows) return Problems.Validation("file", $"has {table.Rows.Count} rows; import at most {MaxRows} at a time");

        var errors = new List<ValidationError>();
        var contents = new List<(int Row, CatalogContent Content)>();
        var parsed = table.Rows.Select(r => (r.Row, Parsed: CatalogSheet.Parse(table.Header, r.Row, r.Cells))).ToList();
        var existing = await store.ReservedAmongAsync(caller.Jurisdiction, parsed.Where(p => p.Parsed.Content is not null).Select(p => p.Parsed.Content!.Code).ToList(), ct);
        var inFile = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (row, (content, rowErrors)) in parsed)
        {
            errors.AddRange(rowErrors);
            if (content is null) continue;
            if (existing.Contains(content.Code)) errors.Add(new($"rows[{row}].code", $"{content.Code} is already used in this jurisdiction's catalog"));
            else if (inFile.TryGetValue(content.Code, out var first)) errors.Add(new($"rows[{row}].code", $"{content.Code} is also on row {first}"));
            else { inFile[content.Code] = row; contents.Add((row, content)); }
        }
        if (errors.Count > 0)
        {
            await audit.WriteAsync(http.AuditFor("catalog.import", resource) with { Outcome = Domain.Audit.AuditOutcome.Refused, Reason = $"{errors.Select(e => e.Field.Split('.')[0]).Distinct().Count()} bad rows" }, ct);
            return Problems.Validation(errors, $"{errors.Select(e => e.Field.Split('.')[0]).Distinct().Count()} of {table.Rows.Count} rows are not valid; nothing was imported");
        }

        var now = time.GetUtcNow();
        var entries = contents.Select(c => CatalogWorkflow.Create(Guid.NewGuid().ToString("N"), caller, c.Content, now).Entry!).ToList();
        // Reserve every code first: a code taken meanwhile by someone else undoes the whole import.
        var reserved = new System.Collections.Concurrent.ConcurrentBag<string>();
        try
        {
            await Parallel.ForEachAsync(entries, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (e, c) =>
            {
                await store.ReserveAsync(e.Jurisdiction, e.Code, e.Id, c);
                reserved.Add(e.Code);
            });
        }
        catch (CodeTakenException e)
        {
            await Parallel.ForEachAsync(reserved, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (code, c) => await store.ReleaseAsync(caller.Jurisdiction, code, c));
            return Problems.Conflict($"{e.Message} (taken while importing); nothing was imported", "code");
        }
        await Parallel.ForEachAsync(entries, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (e, c) => await store.CreateReservedAsync(e, c));

        var all = await index.AllItemsAsync(caller.Jurisdiction, ct);
        var warnings = entries.SelectMany(e => DuplicateCheck.Find(e.Id, e.Department, DuplicateCheck.KeyOf(e.Working!.Content.DataItems), all)
            .Select(w => new { code = e.Code, duplicate = w })).ToList();
        await audit.WriteAsync(http.AuditFor("catalog.import", resource) with
        {
            DataContent = $"{entries.Count} drafts: {string.Join(",", entries.Take(100).Select(e => e.Code))}{(entries.Count > 100 ? ",…" : "")}",
        }, ct);
        return Results.Created($"/api/catalog/drafts", new { imported = entries.Count, entries = entries.Select(e => new { id = e.Id, code = e.Code }), warnings });
    }

    /// <summary>Most rows per import.</summary>
    public const int MaxRows = CatalogFileEndpoints.MaxImportRows;
}
