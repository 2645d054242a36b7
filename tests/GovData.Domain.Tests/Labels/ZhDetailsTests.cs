using GovData.Domain.Labels;

namespace GovData.Domain.Tests.Labels;

/// <summary>The sentences refusals explain themselves with (403, 409, 412, 422), in Chinese; none half-translated.</summary>
public class ZhDetailsTests
{
    [Theory]
    [InlineData("only a DataSteward of the requesting department does this", "只有申请部门的数据专管员可以办理此事项")]
    [InlineData("only a DataSteward of the providing department revokes a grant", "只有提供部门的数据专管员可以撤销授权")]
    [InlineData("this operation needs one of the roles CatalogReviewer, DataAuthority", "此操作需要以下角色之一：目录审核员、数据管理机构")]
    [InlineData("a DataSteward of the providing department 11350800MB0001003X decides this step (ProviderThenDataAuthority)",
        "此审批环节由提供部门（11350800MB0001003X）的数据专管员决定（提供部门审核后报数据管理机构审核）")]
    [InlineData("the CoordinationOffice concludes disputes (001 第十四条, 003 第八条)", "争议由协调机构作出结论（001 第十四条, 003 第八条）")]
    [InlineData("the grant allows Api only, not FileDownload", "授权只允许接口调用，不允许文件下载")]
    [InlineData("the grant expired on 2026-11-30T16:00:00.0000000+00:00; file a new request", "授权已于2026年12月1日到期，请重新提出申请")]
    [InlineData("request 9f2c is Refused: no decision is awaited", "共享申请 9f2c 当前为不予共享（已拒绝）：当前没有待作出的决定")]
    [InlineData("entry e1 (Draft): there is no version waiting for review", "目录 e1（草稿）：没有待审核的版本")]
    [InlineData("share request 9f2c has changed since you read it (it is Approved); read it again", "共享申请 9f2c 在您读取后已有变化（当前为已同意），请刷新后重试")]
    [InlineData("the finding was changed since you read it; read it again", "整改事项在您读取后已有变化，请刷新后重试")]
    [InlineData("3 of 10 rows are not valid; nothing was imported", "10 行中有 3 行有误，未导入任何内容")]
    [InlineData("only a published, not retired entry gets a new version", "只有已发布且未撤销的目录可以新建版本")]
    [InlineData("a change is already declared; the updated entry is due by 2026-12-15 (provisional)", "已申报变更，更新后的目录应于2026年12月15日前提交")]
    [InlineData("file (备案) before using entry 350800-GA-001 (sharing.categories.Unconditional (004 第十一条))", "使用目录 350800-GA-001 前须先备案（sharing.categories.Unconditional (004 第十一条)）")]
    [InlineData("entry 350800-GA-001 is Unconditional (无条件共享): it is reached directly after a filing, not by request (004 第十一条)",
        "目录 350800-GA-001 为无条件共享（无条件共享）：备案后直接使用，无需申请（004 第十一条）")]
    [InlineData("curated version 3 of this entry does not exist (not accepted by aggregation)", "该目录没有汇聚版本 3（未被汇聚接收）")]
    public void Refusals_read_in_Chinese(string detail, string chinese) => Assert.Equal(chinese, ZhDetails.Translate(detail));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Catalog entry 42 was not found.")]
    // The outer sentence is known but its inner reason is not: no half-Chinese sentence.
    [InlineData("request 9f2c is Pending: something no table knows")]
    public void Sentences_without_a_translation_have_none(string? detail) => Assert.Null(ZhDetails.Translate(detail));
}
