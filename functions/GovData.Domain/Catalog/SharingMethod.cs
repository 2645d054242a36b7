namespace GovData.Domain.Catalog;

/// <summary>How a catalog entry's data is handed to a consumer (共享方式) (001 第十五条, 000 第二十六条).</summary>
public enum SharingMethod
{
    /// <summary>接口交换 / 接口访问: a live API; required for frequently updated data (001 第十五条).</summary>
    Api,
    /// <summary>文件下载: a file.</summary>
    FileDownload,
    /// <summary>在线浏览: read on the platform.</summary>
    OnlineBrowse,
    /// <summary>离线交换: exchanged offline on a medium.</summary>
    OfflineExchange,
    /// <summary>比对验证: the consumer learns only whether its value matches.</summary>
    Verification,
}
