namespace GovData.Domain.Catalog;

/// <summary>How often a catalog entry's data is updated (更新周期).</summary>
public enum UpdateCycle
{
    /// <summary>实时.</summary>
    RealTime,
    /// <summary>每日.</summary>
    Daily,
    /// <summary>每周.</summary>
    Weekly,
    /// <summary>每月.</summary>
    Monthly,
    /// <summary>每季度.</summary>
    Quarterly,
    /// <summary>每半年.</summary>
    HalfYearly,
    /// <summary>每年.</summary>
    Yearly,
    /// <summary>不定期.</summary>
    Irregular,
}

/// <summary>What the update cycle implies for sharing.</summary>
public static class UpdateCycles
{
    /// <summary>
    /// "Frequently updated" in the sense of 001 第十五条 (实时更新或频繁更新的数据原则上应通过接口方式共享):
    /// real-time, daily or weekly data must offer <see cref="SharingMethod.Api"/>.
    /// </summary>
    public static bool IsFrequent(this UpdateCycle cycle) => cycle is UpdateCycle.RealTime or UpdateCycle.Daily or UpdateCycle.Weekly;
}
