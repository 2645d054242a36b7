namespace GovData.Domain.Catalog;

/// <summary>What changed, which decides the update deadline that applies.</summary>
public enum ChangeKind
{
    /// <summary>The resource, its elements or its shareable data changed: catalog.updateDeadline (001 第十条, 003 第六条).</summary>
    ResourceChange,
    /// <summary>A law or the department's functions changed: catalog.legalChangeUpdateDeadline (002 第十一条).</summary>
    LegalChange,
}
