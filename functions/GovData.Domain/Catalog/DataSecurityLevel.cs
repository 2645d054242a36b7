namespace GovData.Domain.Catalog;

/// <summary>The entry's data security level under the Data Security Law's classification (一般 / 重要 / 核心数据).</summary>
public enum DataSecurityLevel
{
    /// <summary>一般数据.</summary>
    General,
    /// <summary>重要数据.</summary>
    Important,
    /// <summary>核心数据.</summary>
    Core,
}
