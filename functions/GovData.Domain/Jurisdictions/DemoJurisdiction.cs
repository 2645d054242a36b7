namespace GovData.Domain.Jurisdictions;

/// <summary>
/// The demo data a local run starts with: Longyan (350800, under Fujian), its data authority, its
/// coordination office and three departments, so a new user can try every workflow at once.
/// The codes carry valid GB 32100 check characters.
/// </summary>
public static class DemoJurisdiction
{
    /// <summary>Longyan city.</summary>
    public static readonly Jurisdiction Longyan = new("350800", "龙岩市", "350000");
    /// <summary>Fujian province, Longyan's parent.</summary>
    public static readonly Jurisdiction Fujian = new("350000", "福建省", null);

    /// <summary>龙岩市大数据管理局 (the data authority).</summary>
    public static readonly Department DataAuthority = new("11350800MB0001001D", "龙岩市大数据管理局", "350800", UnitKind.DataAuthority);
    /// <summary>The coordination office that settles disputes.</summary>
    public static readonly Department CoordinationOffice = new("11350800MB0001002G", "龙岩市数字龙岩建设领导小组办公室", "350800", UnitKind.CoordinationOffice);
    /// <summary>Public security: holds population data.</summary>
    public static readonly Department PublicSecurity = new("11350800MB0001003K", "龙岩市公安局", "350800", UnitKind.Department);
    /// <summary>Market regulation: holds enterprise registration data.</summary>
    public static readonly Department MarketRegulation = new("11350800MB0001004N", "龙岩市市场监督管理局", "350800", UnitKind.Department);
    /// <summary>Human resources and social security: a typical consumer.</summary>
    public static readonly Department HumanResources = new("11350800MB0001005R", "龙岩市人力资源和社会保障局", "350800", UnitKind.Department);

    /// <summary>Every demo unit.</summary>
    public static readonly IReadOnlyList<Department> Units = [DataAuthority, CoordinationOffice, PublicSecurity, MarketRegulation, HumanResources];
}
