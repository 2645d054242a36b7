namespace GovData.Domain.Catalog;

/// <summary>
/// How a catalog entry may be shared between departments (共享类型). Each jurisdiction names these
/// differently (see the rule sets); the platform speaks these three names everywhere.
/// </summary>
public enum SharingType
{
    /// <summary>Any department may use it (无条件共享 / 普遍共享; Shijiazhuang 共享类) (000 第二十四条, 001 第八条, 002 第二十条, 004 第十一条).</summary>
    Unconditional,
    /// <summary>Only on a request that meets stated conditions (有条件共享 / 按需共享) (000 第二十四条, 001 第八条, 002 第二十条, 004 第十一条).</summary>
    Conditional,
    /// <summary>Not shared, on a cited legal basis (暂不共享 / 不予共享 / 不共享; Shijiazhuang 专用类) (000 第二十四条, 001 第八条, 002 第二十条, 003 第二条).</summary>
    NotShared,
}
