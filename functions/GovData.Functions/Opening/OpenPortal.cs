using System.Text.Json.Nodes;
using Azure;
using Azure.Storage.Blobs;
using GovData.Domain.Calendar;
using GovData.Domain.Catalog;
using GovData.Domain.Identifiers;
using GovData.Domain.Identity;
using GovData.Domain.Opening;
using GovData.Functions.Audit;
using GovData.Functions.Catalog;
using GovData.Functions.Http;
using GovData.Functions.Identity;
using GovData.Functions.Reference;
using GovData.Functions.Storage;
using RequestContext = GovData.Functions.Hosting.Http.RequestContext;

namespace GovData.Functions.Opening;

/// <summary>
/// The public side of open data: datasets with published versions, their metadata (JSON and DCAT v3), downloads from the
/// <c>open</c> container only, and download counts. Nothing here reads <c>curated</c> or staging.
/// </summary>
public sealed class OpenPortal(OpeningStore store, CatalogStore catalog, ReferenceStore reference, BlobServiceClient blobs, IAuditLog audit, TimeProvider time)
{
    /// <summary>Published datasets of the jurisdiction, optionally filtered by keyword, department and open type.</summary>
    public async Task<OpeningAnswer<OpenDatasetList>> ListAsync(RequestContext request, string jurisdiction, string? keyword, string? department, OpenType? openType, CancellationToken ct)
    {
        if (DivisionCode.Validate(jurisdiction) is { } error) return OpeningRefusal.Invalid("jurisdiction", error);
        if (keyword is { Length: > 100 }) return OpeningRefusal.Invalid("keyword", "must be at most 100 characters");
        if (department is not null && UnifiedSocialCreditCode.Validate(department) is { } d) return OpeningRefusal.Invalid("department", d);
        var where = "c.listed = true";
        var p = new Dictionary<string, object?>();
        if (!string.IsNullOrWhiteSpace(keyword)) { where += " AND CONTAINS(c.searchText, @k)"; p["@k"] = keyword.Trim().ToLowerInvariant(); }
        if (department is not null) { where += " AND c.department = @d"; p["@d"] = department; }
        var datasets = await store.ListAsync<OpenDatasetDocument>(jurisdiction, OpenDatasetDocument.DocType, where, p, ct);
        // The catalog decides what is open now: a retired entry, or one set back to NotOpen, disappears from the portal.
        var open = (await catalog.ListedAsync(jurisdiction, openOnly: true, ct)).ToDictionary(e => e.Id, e => e.Entry.Published!.Content.OpenType);
        var counts = (await store.ListAsync<DownloadCounterDocument>(jurisdiction, DownloadCounterDocument.DocType, null, null, ct)).ToDictionary(c => c.EntryId, c => c.Total);
        var names = (await reference.ListDepartmentsAsync(jurisdiction, ct)).ToDictionary(x => x.Code, x => x.Name);
        var items = datasets
            .Where(x => open.TryGetValue(x.EntryId, out var t) && (openType is null || t == openType))
            .OrderBy(x => x.Code, StringComparer.Ordinal)
            .Select(x => OpeningViews.DatasetForPublic(x with { OpenType = open[x.EntryId] }, counts.GetValueOrDefault(x.EntryId), names.GetValueOrDefault(x.Department)))
            .ToList();
        await audit.WriteAsync(request.AuditFor("opening.portal.list", $"opening/{jurisdiction}/datasets", jurisdiction) with { DataContent = $"{items.Count} datasets" }, ct);
        return OpeningAnswer<OpenDatasetList>.Done(new OpenDatasetList(items));
    }

    /// <summary>One dataset's metadata as JSON.</summary>
    public async Task<OpeningAnswer<OpenDatasetView>> GetAsync(RequestContext request, string jurisdiction, string id, CancellationToken ct)
    {
        var (dataset, refusal) = await FindPublicAsync(jurisdiction, id, ct);
        if (dataset is null) return refusal!;
        var name = (await reference.FindDepartmentAsync(jurisdiction, dataset.Department, ct))?.Name;
        var count = (await store.FindAsync<DownloadCounterDocument>(jurisdiction, DownloadCounterDocument.IdOf(id), ct))?.Total ?? 0;
        await audit.WriteAsync(request.AuditFor("opening.portal.read", PublishingService.Resource(jurisdiction, id), jurisdiction) with { DataContent = dataset.Code }, ct);
        return OpeningAnswer<OpenDatasetView>.Done(OpeningViews.DatasetForPublic(dataset, count, name));
    }

    /// <summary>
    /// One dataset as W3C DCAT v3 JSON-LD text: a dcat:Dataset with a dcat:Distribution per published version and format,
    /// its URIs under <paramref name="origin"/> (scheme and host of this API).
    /// </summary>
    public async Task<OpeningAnswer<string>> DcatAsync(RequestContext request, string origin, string jurisdiction, string id, CancellationToken ct)
    {
        var (d, refusal) = await FindPublicAsync(jurisdiction, id, ct);
        if (d is null) return refusal!;
        var name = (await reference.FindDepartmentAsync(jurisdiction, d.Department, ct))?.Name ?? d.Department;
        var baseUri = $"{origin}/api/open/{jurisdiction}/datasets/{id}";
        var distributions = new JsonArray();
        foreach (var v in d.Versions)
            foreach (var (ext, media, bytes) in new[] { ("csv", "text/csv", v.CsvBytes), ("jsonl", "application/x-ndjson", v.JsonBytes) })
            {
                var url = $"{baseUri}/versions/{v.Number}/data.{ext}";
                var dist = new JsonObject
                {
                    ["@id"] = url,
                    ["@type"] = "dcat:Distribution",
                    ["dct:title"] = $"v{v.Number} {ext.ToUpperInvariant()}",
                    ["dcat:downloadURL"] = new JsonObject { ["@id"] = url },
                    ["dcat:mediaType"] = new JsonObject { ["@id"] = "https://www.iana.org/assignments/media-types/" + media },
                    ["dcat:byteSize"] = bytes,
                    ["dct:issued"] = v.PublishedAt.ToString("O"),
                    ["dct:accessRights"] = new JsonObject { ["@id"] = DcatExport.OpenAccessRights(d.OpenType) },
                };
                if (ext == "csv" && v.CsvSha256.Length > 0)
                    dist["spdx:checksum"] = new JsonObject { ["spdx:algorithm"] = new JsonObject { ["@id"] = "spdx:checksumAlgorithm_sha256" }, ["spdx:checksumValue"] = v.CsvSha256 };
                distributions.Add(dist);
            }
        var doc = new JsonObject
        {
            ["@context"] = new JsonObject
            {
                ["dcat"] = "http://www.w3.org/ns/dcat#",
                ["dct"] = "http://purl.org/dc/terms/",
                ["foaf"] = "http://xmlns.com/foaf/0.1/",
                ["spdx"] = "http://spdx.org/rdf/terms#",
                ["govdata"] = "urn:govdata:terms#",
            },
            ["@id"] = baseUri,
            ["@type"] = "dcat:Dataset",
            ["dct:identifier"] = d.Code,
            ["dct:title"] = new JsonObject { ["@value"] = d.Name, ["@language"] = "zh" },
            ["dct:description"] = new JsonObject { ["@value"] = d.Summary, ["@language"] = "zh" },
            ["dct:publisher"] = new JsonObject { ["@id"] = "urn:uscc:" + d.Department, ["@type"] = "foaf:Agent", ["foaf:name"] = name },
            ["dct:spatial"] = "urn:division:" + jurisdiction,
            ["dct:accessRights"] = new JsonObject { ["@id"] = DcatExport.OpenAccessRights(d.OpenType) },
            ["dct:accrualPeriodicity"] = new JsonObject { ["@id"] = DcatExport.Frequency(d.UpdateCycle) },
            ["dct:issued"] = d.Versions.FirstOrDefault()?.PublishedAt.ToString("O"),
            ["dct:modified"] = d.Versions.LastOrDefault()?.PublishedAt.ToString("O"),
            ["dcat:version"] = d.Versions.LastOrDefault()?.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["dct:source"] = OpeningViews.SourceStatement(name, d.Name, d.Versions.LastOrDefault()),
            ["govdata:openType"] = d.OpenType.ToString(),
            ["dcat:distribution"] = distributions,
        };
        await audit.WriteAsync(request.AuditFor("opening.portal.dcat", PublishingService.Resource(jurisdiction, id), jurisdiction) with { DataContent = d.Code }, ct);
        return OpeningAnswer<string>.Done(doc.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    /// <summary>
    /// A published version (csv or jsonl) from the <c>open</c> container, to stream with its headers. OnApplication data needs
    /// a PublicApplicant token whose organisation holds a grant; its restriction goes out on every download. Counted and
    /// audited before it is answered.
    /// </summary>
    public async Task<OpeningAnswer<OpenDownload>> DownloadAsync(RequestContext request, string jurisdiction, string id, int version, string extension, CancellationToken ct)
    {
        var (d, refusal) = await FindPublicAsync(jurisdiction, id, ct);
        if (d is null) return refusal!;
        var v = d.Versions.FirstOrDefault(x => x.Number == version);
        if (v is null) return OpeningRefusal.NotFound($"Version {version} of open dataset {id}");

        GrantDocument? grant = null;
        if (d.OpenType == OpenType.OnApplication)
        {
            var caller = request.Caller;
            if (caller is null)
                return OpeningRefusal.SignInRequired("This dataset is opened on application: sign in as a registered applicant that holds a grant for it.");
            grant = caller.Has(Role.PublicApplicant) && caller.ActsIn(jurisdiction)
                ? await store.FindAsync<GrantDocument>(jurisdiction, GrantDocument.IdOf(id, caller.Department), ct) : null;
            if (grant is null)
            {
                await audit.WriteAsync(request.AuditFor("opening.portal.download", PublishingService.Resource(jurisdiction, id), jurisdiction) with
                {
                    Outcome = Domain.Audit.AuditOutcome.Refused,
                    Reason = "no grant",
                }, ct);
                return OpeningRefusal.Forbidden("This dataset is opened on application; your organisation holds no grant for it. Apply at /api/open/{jurisdiction}/applications.");
            }
        }

        var blob = blobs.GetBlobContainerClient(StorageNames.Blobs.Open).GetBlobClient(OpenDatasetRules.OpenBlob(jurisdiction, id, v.Number, extension));
        Stream content;
        try { content = (await blob.DownloadStreamingAsync(cancellationToken: ct)).Value.Content; }
        catch (RequestFailedException e) when (e.Status == 404) { return OpeningRefusal.NotFound($"Version {version} of open dataset {id}"); }

        var departmentName = (await reference.FindDepartmentAsync(jurisdiction, d.Department, ct))?.Name;
        var today = ChinaTime.DateOf(time.GetUtcNow());
        var record = request.AuditFor("opening.portal.download", PublishingService.Resource(jurisdiction, id), jurisdiction) with
        {
            DataOwner = d.Department,
            DataContent = $"{d.Code} v{v.Number} {extension}",
            Purpose = grant?.Purpose,
            Approver = grant?.GrantedBy,
            Reason = grant?.Restriction,
        };
        // Every header is composed and checked before the download is counted and audited, so the audit records what is
        // actually sent: a value Kestrel would refuse (non-ASCII) is a failure here, audited as one, not a 500 after "Succeeded".
        List<(string Name, string Value)> headers;
        try
        {
            headers =
            [
                ("X-GovData-Source", HeaderValues.Ascii("X-GovData-Source",
                    $"department={d.Department}; entry={d.EntryId}; version={v.Number}; date-obtained={v.DateObtained:yyyy-MM-dd}; downloaded={today:yyyy-MM-dd}")),
                ("X-GovData-Source-Statement", HeaderValues.Rfc8187(OpeningViews.SourceStatement(departmentName ?? d.Department, d.Name, v))),
            ];
            if (grant?.Restriction is { } restriction)
            {
                // The ASCII summary names the rule by its key; the article and the Chinese text go RFC 8187 encoded.
                headers.Add(("X-GovData-Use-Restriction", HeaderValues.Ascii("X-GovData-Use-Restriction",
                    $"{OpenApplicationPolicy.NonProfitRestrictionAscii} (grant {grant.ApplicationId}; rule {Domain.RuleSets.RuleKeys.OpenApplicationAcademicNonProfitOnly.Key})")));
                headers.Add(("X-GovData-Use-Restriction-Note", HeaderValues.Rfc8187($"{restriction}；授权编号 {grant.ApplicationId}；{grant.RestrictionRule}")));
            }
        }
        catch (InvalidOperationException e)
        {
            await content.DisposeAsync();
            await audit.WriteAsync(record with { Outcome = Domain.Audit.AuditOutcome.Failed, Reason = e.Message }, ct);
            throw;
        }

        await CountAsync(jurisdiction, id, v.Number, ct);
        await audit.WriteAsync(record, ct);
        return OpeningAnswer<OpenDownload>.Done(new OpenDownload(content, extension == "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
            $"{d.Code}-v{v.Number}.{extension}", headers));
    }

    /// <summary>Adds one download under the counter's ETag, retrying on a lost race so concurrent downloads are all counted.</summary>
    private async Task CountAsync(string jurisdiction, string id, int version, CancellationToken ct)
    {
        var key = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        DownloadCounterDocument Add(DownloadCounterDocument c) => c with
        {
            Total = c.Total + 1,
            ByVersion = new Dictionary<string, long>(c.ByVersion) { [key] = c.ByVersion.GetValueOrDefault(key) + 1 },
        };
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (await store.UpdateAsync<DownloadCounterDocument>(jurisdiction, DownloadCounterDocument.IdOf(id), Add, c => c.ETag, ct) is not null) return;
            if (await store.TryCreateAsync(jurisdiction, new DownloadCounterDocument
                { Id = DownloadCounterDocument.IdOf(id), Jurisdiction = jurisdiction, EntryId = id, Total = 1, ByVersion = new() { [key] = 1 } }, ct))
                return;
        }
        throw new OpeningChangedException(DownloadCounterDocument.IdOf(id));
    }

    /// <summary>The dataset if it is published and its catalog entry is listed and open now; otherwise why not (400 or 404).</summary>
    private async Task<(OpenDatasetDocument? Dataset, OpeningRefusal? Refusal)> FindPublicAsync(string jurisdiction, string id, CancellationToken ct)
    {
        if (DivisionCode.Validate(jurisdiction) is { } j) return (null, OpeningRefusal.Invalid("jurisdiction", j));
        if (OpenDatasetRules.ValidateId(id) is { } e) return (null, OpeningRefusal.Invalid("id", e));
        var dataset = await store.FindAsync<OpenDatasetDocument>(jurisdiction, OpenDatasetDocument.IdOf(id), ct);
        if (dataset is not { Listed: true }) return (null, OpeningRefusal.NotFound($"Open dataset {id}"));
        var entry = await catalog.FindAsync(jurisdiction, id, ct);
        if (entry is null || !entry.Entry.IsListed || entry.Entry.Published!.Content.OpenType == OpenType.NotOpen) return (null, OpeningRefusal.NotFound($"Open dataset {id}"));
        return (dataset with { OpenType = entry.Entry.Published.Content.OpenType }, null);
    }
}
