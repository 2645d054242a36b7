namespace GovData.Domain.Identity;

/// <summary>What a caller may do on the platform; the names follow DOMAIN.md's actors.</summary>
public enum Role
{
    /// <summary>政务数据专管员: compiles the catalog, submits data, handles requests for a department.</summary>
    DataSteward,
    /// <summary>目录审核人员: reviews each catalog entry of the department before publication.</summary>
    CatalogReviewer,
    /// <summary>数据管理机构: runs the platform; reviews, decides and authorizes per the rule set.</summary>
    DataAuthority,
    /// <summary>协调机制: resolves disputes and approves green-channel requests.</summary>
    CoordinationOffice,
    /// <summary>监督检查: reads audit trails and scorecards.</summary>
    Auditor,
    /// <summary>A citizen, enterprise or institution using open data.</summary>
    PublicApplicant,
}
