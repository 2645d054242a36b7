using GovData.Domain.Jurisdictions;

namespace GovData.Functions.Reference;

/// <summary>Body of a unit registration by the data authority.</summary>
public sealed record RegisterDepartmentRequest
{
    /// <summary>The unit's unified social credit code.</summary>
    public required string Code { get; init; }
    /// <summary>The unit's official name.</summary>
    public required string Name { get; init; }
    /// <summary>What part it plays.</summary>
    public UnitKind Kind { get; init; } = UnitKind.Department;
}
