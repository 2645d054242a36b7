namespace GovData.Functions.Opening;

/// <summary>What the public, the department and the DataAuthority see of open datasets and publish requests.</summary>
public static class OpeningViews
{
    /// <summary>A dataset as the public sees it: published versions only, never the plan or a request in progress.</summary>
    public static OpenDatasetView DatasetForPublic(OpenDatasetDocument d, long downloads, string? departmentName) => new(
        d.EntryId, d.Jurisdiction, d.Code, d.Name, d.Summary, d.Department, departmentName, d.OpenType, d.UpdateCycle, downloads,
        d.Versions.Select(v => new OpenVersionView(v.Number, v.PublishedAt, v.DateObtained, v.Rows, v.Columns, v.CsvBytes, v.JsonBytes, v.CsvSha256,
            $"/api/open/{d.Jurisdiction}/datasets/{d.EntryId}/versions/{v.Number}/data.csv",
            $"/api/open/{d.Jurisdiction}/datasets/{d.EntryId}/versions/{v.Number}/data.jsonl")).ToList(),
        SourceStatement(departmentName ?? d.Department, d.Name, d.Versions.LastOrDefault()));

    /// <summary>The dataset as its department and the DataAuthority see it: with the configuration and the request in progress.</summary>
    public static OpenDatasetOwnerView DatasetForOwner(OpenDatasetDocument d) =>
        new(d.EntryId, d.Jurisdiction, d.Code, d.Name, d.Department, d.OpenType, d.Configuration, d.ActivePublish, d.Versions);

    /// <summary>A publish request with its scan results (findings are masked).</summary>
    public static OpenPublishView Publish(PublishDocument p) => new(
        p.PublishId, p.Jurisdiction, p.EntryId, p.Department, p.CuratedVersion, p.Version, p.State, p.Plan, p.ScanAllowedColumns, p.Rows, p.Columns,
        p.Findings, p.FindingCount, p.Errors, p.CsvBytes, p.JsonBytes, p.CsvSha256, p.RequestedBy, p.RequestedAt, p.TransformedAt, p.ReviewedBy, p.ReviewedAt,
        p.ReviewReasons, p.PublishedAt);

    /// <summary>The statement a product built on the data must carry (000 第三十五条).</summary>
    public static string SourceStatement(string department, string name, OpenVersion? v) =>
        v is null ? $"数据来源：{department}《{name}》" : $"数据来源：{department}《{name}》第{v.Number}版，获取日期：{v.DateObtained:yyyy-MM-dd}";
}
