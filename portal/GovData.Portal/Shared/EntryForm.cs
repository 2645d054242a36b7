using GovData.Domain.Catalog;

namespace GovData.Portal.Shared;

/// <summary>The editable form of a catalog entry's content; <see cref="ToContent"/> makes the API's request body (CatalogContent).</summary>
public sealed class EntryForm
{
    public string Name { get; set; } = "";
    public string Code { get; set; } = "";
    public string Summary { get; set; } = "";
    public string Format { get; set; } = "";
    public SharingType SharingType { get; set; } = SharingType.Conditional;
    public string SharingConditions { get; set; } = "";
    public string LegalBasis { get; set; } = "";
    public HashSet<SharingMethod> SharingMethods { get; } = [SharingMethod.Api];
    public OpenType OpenType { get; set; } = OpenType.NotOpen;
    public string OpenConditions { get; set; } = "";
    public UpdateCycle UpdateCycle { get; set; } = UpdateCycle.Monthly;
    public DataSecurityLevel SecurityLevel { get; set; } = DataSecurityLevel.General;
    public string UsageRequirements { get; set; } = "";
    public List<ItemRow> Items { get; } = [new()];

    /// <summary>One data item row.</summary>
    public sealed class ItemRow
    {
        public string Name { get; set; } = "";
        public DataItemType Type { get; set; } = DataItemType.String;
        public string Format { get; set; } = "";
        public bool Required { get; set; }
        public bool IsKey { get; set; }
        public bool IsPersonal { get; set; }
        public bool IsSensitive { get; set; }
        public string AllowedValues { get; set; } = "";
        public string Description { get; set; } = "";
    }

    /// <summary>The form filled from a version's content.</summary>
    public static EntryForm From(CatalogContent c)
    {
        var f = new EntryForm
        {
            Name = c.Name, Code = c.Code, Summary = c.Summary, Format = c.Format ?? "", SharingType = c.SharingType,
            SharingConditions = c.SharingConditions ?? "", LegalBasis = c.LegalBasis ?? "", OpenType = c.OpenType,
            OpenConditions = c.OpenConditions ?? "", UpdateCycle = c.UpdateCycle, SecurityLevel = c.SecurityLevel,
            UsageRequirements = c.UsageRequirements ?? "",
        };
        f.SharingMethods.Clear();
        foreach (var m in c.SharingMethods) f.SharingMethods.Add(m);
        f.Items.Clear();
        f.Items.AddRange(c.DataItems.Select(i => new ItemRow
        {
            Name = i.Name, Type = i.Type, Format = i.Format ?? "", Required = i.Required, IsKey = i.IsKey, IsPersonal = i.IsPersonal,
            IsSensitive = i.IsSensitive, AllowedValues = string.Join("、", i.AllowedValues ?? []), Description = i.Description ?? "",
        }));
        return f;
    }

    /// <summary>The request body; empty optional texts are left out.</summary>
    public CatalogContent ToContent() => new()
    {
        Name = Name.Trim(),
        Code = Code.Trim().ToUpperInvariant(),
        Summary = Summary.Trim(),
        Format = Opt(Format),
        SharingType = SharingType,
        SharingConditions = Opt(SharingConditions),
        LegalBasis = Opt(LegalBasis),
        SharingMethods = Enum.GetValues<SharingMethod>().Where(SharingMethods.Contains).ToList(),
        OpenType = OpenType,
        OpenConditions = Opt(OpenConditions),
        UpdateCycle = UpdateCycle,
        SecurityLevel = SecurityLevel,
        UsageRequirements = Opt(UsageRequirements),
        DataItems = Items.Where(i => i.Name.Trim().Length > 0).Select(i => new DataItem
        {
            Name = i.Name.Trim(),
            Type = i.Type,
            Format = Opt(i.Format),
            Required = i.Required,
            IsKey = i.IsKey,
            IsPersonal = i.IsPersonal,
            IsSensitive = i.IsSensitive,
            AllowedValues = i.Type == DataItemType.Enumeration
                ? i.AllowedValues.Split(['、', ',', '，', ';', '；'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                : null,
            Description = Opt(i.Description),
        }).ToList(),
    };

    private static string? Opt(string s) => s.Trim().Length == 0 ? null : s.Trim();
}
