using GovData.Domain;
using GovData.Domain.Audit;
using GovData.Domain.Catalog;
using GovData.Functions.Audit;
using GovData.Functions.Hosting.Http;
using GovData.Functions.Reference;

namespace GovData.Functions.Catalog;

/// <summary>
/// The catalog's files, free of HTTP: the import template, the export of a jurisdiction's published (or open) catalog as
/// DCAT v3 JSON-LD, CSV or xlsx, and the bulk import of a filled-in template (every row checked first, all bad rows
/// reported, and only a clean file creates drafts). Each is audited, refusals included.
/// </summary>
public sealed class CatalogFiles(CatalogStore store, CatalogSearchIndex index, ReferenceStore reference, IAuditLog audit)
{
    /// <summary>Largest import file.</summary>
    public const long MaxImportBytes = 20 * 1024 * 1024;
    /// <summary>Most rows in one import.</summary>
    public const int MaxImportRows = 10_000;
    /// <summary>The media type of an xlsx workbook.</summary>
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    /// <summary>The media type of the CSV files the catalog writes.</summary>
    public const string Csv = "text/csv; charset=utf-8";
    /// <summary>The media type of the DCAT export.</summary>
    public const string JsonLd = "application/ld+json";

    private const int Parallelism = 16;

    /// <summary>The import template (<paramref name="format"/> csv or xlsx, default xlsx), one example row.</summary>
    public async Task<CatalogAnswer<CatalogFile>> TemplateAsync(RequestContext request, string? format, CancellationToken ct)
    {
        format ??= "xlsx";
        var record = request.AuditFor("catalog.template.download", "catalog/template") with { Medium = format is "csv" or "xlsx" ? format : request.Medium };
        if (format is not ("csv" or "xlsx")) return await RefuseAsync<CatalogFile>(record, CatalogRefusal.Invalid("format", "must be csv or xlsx"), ct);
        await audit.WriteAsync(record, ct);
        return CatalogAnswer<CatalogFile>.Done(format == "csv"
            ? new CatalogFile(CatalogSheet.ToCsv(CatalogSheet.Columns, [CatalogSheet.Row(CatalogSheet.Example)]), Csv, "catalog-template.csv")
            : new CatalogFile(CatalogSheet.ToXlsx(CatalogSheet.Columns, [CatalogSheet.Row(CatalogSheet.Example)], withHelp: true), Xlsx, "catalog-template.xlsx"));
    }

    /// <summary>
    /// The published (or, <paramref name="openOnly"/>, open) catalog of <paramref name="jurisdiction"/>: <paramref name="format"/>
    /// dcat (default; the entries' URIs start at <paramref name="baseUri"/>), csv or xlsx.
    /// </summary>
    public async Task<CatalogAnswer<CatalogFile>> ExportAsync(RequestContext request, string jurisdiction, string? format, bool openOnly, string baseUri, CancellationToken ct)
    {
        format ??= "dcat";
        var record = request.AuditFor(openOnly ? "catalog.open.export" : "catalog.export", $"catalog/{jurisdiction}/export", jurisdiction);
        if (format is not ("dcat" or "csv" or "xlsx")) return await RefuseAsync<CatalogFile>(record, CatalogRefusal.Invalid("format", "must be dcat, csv or xlsx"), ct);
        var docs = await store.ListedAsync(jurisdiction, openOnly, ct);
        var entries = docs.Select(d => d.Entry).OrderBy(e => e.Code, StringComparer.Ordinal).ToList();
        await audit.WriteAsync(record with { Medium = format, DataContent = $"{entries.Count} entries" }, ct);
        var name = $"catalog-{jurisdiction}{(openOnly ? "-open" : "")}";
        if (format == "dcat")
        {
            var departments = (await reference.ListDepartmentsAsync(jurisdiction, ct)).ToDictionary(d => d.Code, d => d.Name);
            var j = await reference.FindJurisdictionAsync(jurisdiction, ct);
            var json = DcatExport.Build(jurisdiction, j?.Name, departments, entries, request.ReceivedAt, baseUri);
            var text = json.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            // No file name: the DCAT document is read in place (as a linked-data resource), not downloaded.
            return CatalogAnswer<CatalogFile>.Done(new CatalogFile(System.Text.Encoding.UTF8.GetBytes(text), JsonLd + "; charset=utf-8", null));
        }
        string[] header = [.. CatalogSheet.Columns, .. CatalogSheet.ExportOnly];
        var rows = entries.Select(CatalogSheet.ExportRow);
        return CatalogAnswer<CatalogFile>.Done(format == "csv"
            ? new CatalogFile(CatalogSheet.ToCsv(header, rows), Csv, name + ".csv")
            : new CatalogFile(CatalogSheet.ToXlsx(header, rows, withHelp: false), Xlsx, name + ".xlsx"));
    }

    /// <summary>
    /// Imports drafts of the caller's department from a filled-in template (<paramref name="file"/>: .xlsx, or CSV read as
    /// <paramref name="encoding"/>): every row is checked first and nothing is imported unless all are good.
    /// </summary>
    public async Task<CatalogAnswer<CatalogImportView>> ImportAsync(RequestContext request, byte[] file, CsvEncoding encoding, CancellationToken ct)
    {
        var caller = request.User;
        var record = request.AuditFor("catalog.import", $"catalog/{caller.Jurisdiction}/import");
        CatalogSheet.Table table;
        try
        {
            table = CatalogSheet.Read(file, encoding);
            CatalogSheet.CheckHeader(table.Header);
        }
        catch (NotASpreadsheetException e)
        {
            return await RefuseAsync<CatalogImportView>(record, CatalogRefusal.Invalid("file", e.Message), ct);
        }
        if (table.Rows.Count == 0) return await RefuseAsync<CatalogImportView>(record, CatalogRefusal.Invalid("file", "has no data rows below the header"), ct);
        if (table.Rows.Count > MaxImportRows)
            return await RefuseAsync<CatalogImportView>(record, CatalogRefusal.Invalid("file", $"has {table.Rows.Count} rows; import at most {MaxImportRows} at a time"), ct);

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
            var bad = errors.Select(e => e.Field.Split('.')[0]).Distinct().Count();
            return await RefuseAsync<CatalogImportView>(record,
                new CatalogRefusal(RefusalKind.Invalid, $"{bad} of {table.Rows.Count} rows are not valid; nothing was imported", errors), ct, $"{bad} bad rows");
        }

        var entries = contents.Select(c => CatalogWorkflow.Create(Guid.NewGuid().ToString("N"), caller, c.Content, request.ReceivedAt).Entry!).ToList();
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
            return await RefuseAsync<CatalogImportView>(record, CatalogRefusals.Conflict($"{e.Message} (taken while importing); nothing was imported", "code"), ct);
        }
        await Parallel.ForEachAsync(entries, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (e, c) => await store.CreateReservedAsync(e, c));

        var all = await index.AllItemsAsync(caller.Jurisdiction, ct);
        var warnings = entries.SelectMany(e => DuplicateCheck.Find(e.Id, e.Department, DuplicateCheck.KeyOf(e.Working!.Content.DataItems), all)
            .Select(w => new ImportWarning(e.Code, w))).ToList();
        await audit.WriteAsync(record with
        {
            DataContent = $"{entries.Count} drafts: {string.Join(",", entries.Take(100).Select(e => e.Code))}{(entries.Count > 100 ? ",…" : "")}",
        }, ct);
        return CatalogAnswer<CatalogImportView>.Created(new CatalogImportView(entries.Count, entries.Select(e => new ImportedEntry(e.Id, e.Code)).ToList(), warnings));
    }

    private async Task<CatalogAnswer<T>> RefuseAsync<T>(AuditRecord record, CatalogRefusal refusal, CancellationToken ct, string? reason = null)
    {
        await audit.WriteAsync(record with { Outcome = AuditOutcome.Refused, Reason = reason ?? refusal.Kind + ": " + refusal.Reason }, ct);
        return CatalogAnswer<T>.Refused(refusal);
    }
}
