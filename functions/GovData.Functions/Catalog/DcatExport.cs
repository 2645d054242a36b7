using System.Text.Json.Nodes;
using GovData.Domain.Catalog;

namespace GovData.Functions.Catalog;

/// <summary>The published catalog as W3C DCAT v3 in JSON-LD: one dcat:Catalog, a dcat:Dataset per entry, a dcat:Distribution per sharing method.</summary>
public static class DcatExport
{
    /// <summary>The JSON-LD document.</summary>
    public static JsonObject Build(string jurisdiction, string? jurisdictionName, IReadOnlyDictionary<string, string> departmentNames, IEnumerable<CatalogEntry> entries, DateTimeOffset now, string baseUri)
    {
        var datasets = new JsonArray();
        foreach (var e in entries.OrderBy(x => x.Code, StringComparer.Ordinal))
        {
            var c = e.Published!.Content;
            var id = $"{baseUri}/entries/{e.Id}";
            var distributions = new JsonArray();
            foreach (var m in c.SharingMethods)
                distributions.Add(new JsonObject
                {
                    ["@id"] = $"{id}#{m}",
                    ["@type"] = "dcat:Distribution",
                    ["dct:title"] = m.ToString(),
                    ["dct:format"] = c.Format,
                    ["dct:accessRights"] = Ref(AccessRights(e.EffectiveSharingTypeAt(now)!.Value)),
                });
            datasets.Add(new JsonObject
            {
                ["@id"] = id,
                ["@type"] = "dcat:Dataset",
                ["dct:identifier"] = c.Code,
                ["dct:title"] = new JsonObject { ["@value"] = c.Name, ["@language"] = "zh" },
                ["dct:description"] = new JsonObject { ["@value"] = c.Summary, ["@language"] = "zh" },
                ["dct:publisher"] = new JsonObject
                {
                    ["@id"] = "urn:uscc:" + e.Department,
                    ["@type"] = "foaf:Agent",
                    ["foaf:name"] = departmentNames.GetValueOrDefault(e.Department) ?? e.Department,
                },
                ["dct:accrualPeriodicity"] = Ref(Frequency(c.UpdateCycle)),
                ["dct:accessRights"] = Ref(OpenAccessRights(c.OpenType)),
                ["dct:issued"] = (e.PastVersions.FirstOrDefault() ?? e.Published).PublishedAt?.ToString("O"),
                ["dct:modified"] = e.Published.PublishedAt?.ToString("O"),
                ["dcat:version"] = e.Published.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["dcat:keyword"] = new JsonArray(c.DataItems.Select(i => (JsonNode?)JsonValue.Create(i.Name)).ToArray()),
                ["dct:relation"] = new JsonArray(c.RelatedEntries.Select(r => (JsonNode?)JsonValue.Create(r)).ToArray()),
                ["govdata:sharingType"] = e.EffectiveSharingTypeAt(now)!.Value.ToString(),
                ["govdata:openType"] = c.OpenType.ToString(),
                ["govdata:updateCycle"] = c.UpdateCycle.ToString(),
                ["dcat:distribution"] = distributions,
            });
        }
        return new JsonObject
        {
            ["@context"] = new JsonObject
            {
                ["dcat"] = "http://www.w3.org/ns/dcat#",
                ["dct"] = "http://purl.org/dc/terms/",
                ["foaf"] = "http://xmlns.com/foaf/0.1/",
                ["govdata"] = "urn:govdata:terms#",
            },
            ["@id"] = baseUri,
            ["@type"] = "dcat:Catalog",
            ["dct:title"] = new JsonObject { ["@value"] = $"{jurisdictionName ?? jurisdiction}政务数据资源目录", ["@language"] = "zh" },
            ["dct:spatial"] = "urn:division:" + jurisdiction,
            ["dct:modified"] = now.ToString("O"),
            ["dcat:dataset"] = datasets,
        };
    }

    private static JsonObject Ref(string uri) => new() { ["@id"] = uri };

    /// <summary>The EU frequency vocabulary (used by DCAT-AP) for an update cycle.</summary>
    public static string Frequency(UpdateCycle cycle) => "http://publications.europa.eu/resource/authority/frequency/" + cycle switch
    {
        UpdateCycle.RealTime => "CONT",
        UpdateCycle.Daily => "DAILY",
        UpdateCycle.Weekly => "WEEKLY",
        UpdateCycle.Monthly => "MONTHLY",
        UpdateCycle.Quarterly => "QUARTERLY",
        UpdateCycle.HalfYearly => "ANNUAL_2",
        UpdateCycle.Yearly => "ANNUAL",
        _ => "IRREG",
    };

    /// <summary>Access rights of the dataset for the public, from its open type.</summary>
    public static string OpenAccessRights(OpenType type) => "http://publications.europa.eu/resource/authority/access-right/" + type switch
    {
        OpenType.Unconditional => "PUBLIC",
        OpenType.OnApplication => "RESTRICTED",
        _ => "NON_PUBLIC",
    };

    /// <summary>Access rights of a distribution for departments, from the effective sharing type.</summary>
    public static string AccessRights(SharingType type) => "http://publications.europa.eu/resource/authority/access-right/" + type switch
    {
        SharingType.Unconditional => "PUBLIC",
        SharingType.Conditional => "RESTRICTED",
        _ => "NON_PUBLIC",
    };
}
