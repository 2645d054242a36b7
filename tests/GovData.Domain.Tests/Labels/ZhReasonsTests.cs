using GovData.Domain.Labels;

namespace GovData.Domain.Tests.Labels;

/// <summary>The reasons fields are refused with, in Chinese: the shapes the validators share, and none invented for the rest.</summary>
public class ZhReasonsTests
{
    [Theory]
    [InlineData("is required", "必填")]
    [InlineData("is required: say why the ranking is withdrawn", "必填")]
    [InlineData("must be at most 2000 characters", "不能超过 2000 个字符")]
    [InlineData("must be at most 200 characters (is 201)", "不能超过 200 个字符")]
    [InlineData("must be one of: Unconditional, Conditional, NotShared", "应为以下之一：Unconditional, Conditional, NotShared")]
    [InlineData("must be a date, yyyy-MM-dd", "应为日期（yyyy-MM-dd）")]
    [InlineData("must be a valid date (yyyy-MM-dd)", "应为日期（yyyy-MM-dd）")]
    [InlineData("must be between 1 and 60 working days", "应在 1 至 60 个工作日之间")]
    [InlineData("must be between 0 and 366", "应在 0 至 366 之间")]
    [InlineData("must be csv or jsonl", "应为 csv 或 jsonl")]
    [InlineData("must be json, csv or jsonl", "应为 json、csv 或 jsonl")]
    [InlineData("give the reason", "请说明理由")]
    [InlineData("are required: state why (002 第二十一条, 003 第八条)", "必填：请说明理由")]
    [InlineData("are required to return an entry: say what must change", "必填：请说明理由")]
    [InlineData("say what is wrong", "请说明错在哪里")]
    [InlineData("'身份证号' is not a data item of the entry", "“身份证号”不是该目录的数据项")]
    [InlineData("must be 3: 2027 is at version 2 and a correction takes the next version", "应为 3（每次修改使用下一个版本号）")]
    [InlineData("is 1 but the latest version is 2; read it and amend again", "基于第 1 版，但最新为第 2 版：请重新读取后再修订")]
    [InlineData("is not valid JSON (line 1, byte 40)", "不是有效的 JSON")]
    [InlineData("check character does not match (ISO 7064 MOD 11-2, GB 11643)", "校验码不符（ISO 7064 MOD 11-2，GB 11643）")]
    [InlineData("must be a date in the format yyyy/MM/dd", "应为日期，格式 yyyy/MM/dd")]
    [InlineData("must not be before validity.from (2020-10-30)", "不能早于有效期起始日（2020-10-30）")]
    [InlineData("check character should be 'K' (GB 32100)", "校验码应为“K”（GB 32100）")]
    [InlineData("character 9 'I' is not allowed in a unified social credit code", "第 9 位“I”不能用于统一社会信用代码")]
    public void Shared_shapes_read_in_Chinese(string reason, string chinese) => Assert.Equal(chinese, ZhReasons.Translate(reason));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("the curated file's metadata does not name this entry and department")]
    [InlineData("must be more open than Conditional")]
    public void Reasons_without_a_translation_have_none(string? reason) => Assert.Null(ZhReasons.Translate(reason));
}
