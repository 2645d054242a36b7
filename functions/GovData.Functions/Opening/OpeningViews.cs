namespace GovData.Functions.Opening;

/// <summary>What the public, the department and the DataAuthority see of open datasets and publish requests.</summary>
public static class OpeningViews
{
    /// <summary>A dataset as the public sees it: published versions only, never the plan or a request in progress.</summary>
    public static object DatasetForPublic(OpenDatasetDocument d, long downloads, string? departmentName) => new
    {
        id = d.EntryId,
        jurisdiction = d.Jurisdiction,
        code = d.Code,
        name = d.Name,
        summary = d.Summary,
        department = d.Department,
        departmentName,
        openType = d.OpenType,
        updateCycle = d.UpdateCycle,
        downloads,
        versions = d.Versions.Select(v => new
        {
            version = v.Number,
            publishedAt = v.PublishedAt,
            dateObtained = v.DateObtained,
            rows = v.Rows,
            columns = v.Columns,
            csvBytes = v.CsvBytes,
            jsonBytes = v.JsonBytes,
            csvSha256 = v.CsvSha256,
            csv = $"/api/open/{d.Jurisdiction}/datasets/{d.EntryId}/versions/{v.Number}/data.csv",
            json = $"/api/open/{d.Jurisdiction}/datasets/{d.EntryId}/versions/{v.Number}/data.jsonl",
        }),
        source = SourceStatement(departmentName ?? d.Department, d.Name, d.Versions.LastOrDefault()),
    };

    /// <summary>The dataset as its department and the DataAuthority see it: with the configuration and the request in progress.</summary>
    public static object DatasetForOwner(OpenDatasetDocument d) => new
    {
        id = d.EntryId,
        jurisdiction = d.Jurisdiction,
        code = d.Code,
        name = d.Name,
        department = d.Department,
        openType = d.OpenType,
        configuration = d.Configuration,
        activePublish = d.ActivePublish,
        versions = d.Versions,
    };

    /// <summary>A publish request with its scan results (findings are masked).</summary>
    public static object Publish(PublishDocument p) => new
    {
        id = p.PublishId,
        jurisdiction = p.Jurisdiction,
        entryId = p.EntryId,
        department = p.Department,
        curatedVersion = p.CuratedVersion,
        version = p.Version,
        state = p.State,
        plan = p.Plan,
        scanAllowedColumns = p.ScanAllowedColumns,
        rows = p.Rows,
        columns = p.Columns,
        findings = p.Findings,
        findingCount = p.FindingCount,
        errors = p.Errors.Select(e => new { field = e.Field, reason = e.Reason }),
        csvBytes = p.CsvBytes,
        jsonBytes = p.JsonBytes,
        csvSha256 = p.CsvSha256,
        requestedBy = p.RequestedBy,
        requestedAt = p.RequestedAt,
        transformedAt = p.TransformedAt,
        reviewedBy = p.ReviewedBy,
        reviewedAt = p.ReviewedAt,
        reviewReasons = p.ReviewReasons,
        publishedAt = p.PublishedAt,
    };

    /// <summary>The statement a product built on the data must carry (000 第三十五条).</summary>
    public static string SourceStatement(string department, string name, OpenVersion? v) =>
        v is null ? $"数据来源：{department}《{name}》" : $"数据来源：{department}《{name}》第{v.Number}版，获取日期：{v.DateObtained:yyyy-MM-dd}";
}
