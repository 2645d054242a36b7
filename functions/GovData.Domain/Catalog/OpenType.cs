namespace GovData.Domain.Catalog;

/// <summary>
/// Whether and how a catalog entry is opened to the public (开放类型). Each jurisdiction names these
/// differently (see the rule sets); the platform speaks these three names everywhere.
/// </summary>
public enum OpenType
{
    /// <summary>Not in the open catalog: not opened to the public (000 第二十九条, 002 第二十五条, 004 第十六条).</summary>
    NotOpen,
    /// <summary>Anyone may fetch it directly (普遍开放 / 无条件开放; Shijiazhuang 开放类) (000 第三十二条, 002 第二十六条, 004 第十七条).</summary>
    Unconditional,
    /// <summary>Given to eligible applicants on application (授权开放 / 依申请开放) (000 第三十二条, 002 第二十六条, 004 第十七条).</summary>
    OnApplication,
}
