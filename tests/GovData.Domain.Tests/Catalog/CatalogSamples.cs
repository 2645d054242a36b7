using GovData.Domain.Catalog;
using GovData.Domain.Identity;

namespace GovData.Domain.Tests.Catalog;

/// <summary>Entries and callers for the catalog tests.</summary>
internal static class CatalogSamples
{
    public const string Jur = "350800";
    public const string Police = "11350800MB0001003K";
    public const string Market = "11350800MB0001004N";
    public static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.FromHours(8));

    public static Caller Steward(string dept = Police) => new("steward-" + dept[^4..], dept, Jur, new HashSet<Role> { Role.DataSteward });
    public static Caller Reviewer(string dept = Police) => new("reviewer-" + dept[^4..], dept, Jur, new HashSet<Role> { Role.CatalogReviewer });
    public static Caller Authority() => new("authority", "11350800MB0001001D", Jur, new HashSet<Role> { Role.DataAuthority });

    public static CatalogContent Content(string code = "350800-GA-0001") => new()
    {
        Name = "人口基本信息",
        Code = code,
        Summary = "常住人口的基本信息",
        DataItems =
        [
            new DataItem { Name = "姓名", Type = DataItemType.String, Required = true, IsPersonal = true },
            new DataItem { Name = "公民身份号码", Type = DataItemType.ResidentIdNumber, Required = true, IsKey = true, IsPersonal = true },
        ],
        Format = "数据库",
        SharingType = SharingType.Conditional,
        SharingConditions = "仅用于政务服务事项办理",
        LegalBasis = "《中华人民共和国居民身份证法》第十九条",
        SharingMethods = [SharingMethod.Api, SharingMethod.Verification],
        OpenType = OpenType.NotOpen,
        UpdateCycle = UpdateCycle.Daily,
    };

    public static CatalogEntry Created(CatalogContent? content = null) =>
        CatalogWorkflow.Create("e1", Steward(), content ?? Content(), T0).Entry!;
}
