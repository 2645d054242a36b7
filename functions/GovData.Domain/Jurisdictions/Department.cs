namespace GovData.Domain.Jurisdictions;

/// <summary>What part a unit plays on a jurisdiction's platform.</summary>
public enum UnitKind
{
    /// <summary>数据生产应用单位: produces and consumes data.</summary>
    Department,
    /// <summary>数据管理机构: runs the platform.</summary>
    DataAuthority,
    /// <summary>协调机制 / 领导小组办公室: resolves disputes.</summary>
    CoordinationOffice,
}

/// <summary>A registered unit of a jurisdiction, identified by its unified social credit code.</summary>
public sealed record Department(string Code, string Name, string Jurisdiction, UnitKind Kind);

/// <summary>A jurisdiction running one platform: a province, city or county; a city may sit under a province.</summary>
public sealed record Jurisdiction(string Code, string Name, string? Parent);
