using System.Text.RegularExpressions;

namespace GovData.Domain.Labels;

/// <summary>
/// The Chinese of the reasons a field is refused with, for the people who read them (the portal, a steward reading an
/// import's row errors). The API keeps the English reason and puts this one beside it (<c>reasonZh</c>); a reason with
/// no translation here has none, and the English is shown. Patterns cover the shapes the validators share ("is
/// required", "must be at most N characters", "must be one of: …"), so a new validator using one is translated too.
/// </summary>
public static class ZhReasons
{
    private static readonly (Regex Pattern, string Chinese)[] Table =
    [
        (new(@"^is required\b"), "必填"),
        (new(@"^(are|is) required\b.*: (say|state) (what|why)\b"), "必填：请说明理由"),
        (new(@"^are required\b"), "必填"),
        (new(@"^must be at most ([\d,]+) characters\b"), "不能超过 $1 个字符"),
        (new(@"^must be at least ([\d,]+) characters$"), "不能少于 $1 个字符"),
        (new(@"^must be one of:? (.+)$"), "应为以下之一：$1"),
        (new(@"^must be true or false$"), "应为 true 或 false"),
        (new(@"^must be true/false, 是/否 or 1/0$"), "应为 是/否（true/false 或 1/0）"),
        (new(@"^must be a string$"), "应为文本"),
        (new(@"^must be a (JSON )?object$|^must be an object$"), "应为 JSON 对象"),
        (new(@"^must be a six-digit GB/T 2260 division code$"), "应为 6 位行政区划代码（GB/T 2260）"),
        (new(@"^must be (\d+) or more$"), "不能小于 $1"),
        (new(@"^must not contain control characters$"), "不能包含控制字符"),
        (new(@"^must not contain spaces or control characters$"), "不能包含空格或控制字符"),
        (new(@"^must not be null$"), "不能为 null"),
        (new(@"^must not be after 'to'$"), "不能晚于结束日期（to）"),
        (new(@"^must not be before 'from'$"), "不能早于开始日期（from）"),
        (new(@"^must name at least one data item$"), "至少选择一个数据项"),
        (new(@"^must list at least one data item\b"), "至少列出一个数据项（信息项）"),
        (new(@"^must be between (\S+) and (\S+) working days$"), "应在 $1 至 $2 个工作日之间"),
        (new(@"^must be between (\S+) and (\S+) months$"), "应在 $1 至 $2 个月之间"),
        (new(@"^must be between (\S+) and (\S+)$"), "应在 $1 至 $2 之间"),
        (new(@"^must be a whole number of working days$"), "应为整数个工作日"),
        (new(@"^must be a whole number$|^must be a valid whole number$"), "应为整数"),
        (new(@"^must be a valid number$"), "应为数字"),
        (new(@"^must be a valid boolean \(true or false\)$"), "应为 true 或 false"),
        (new(@"^must be a date, yyyy-MM-dd$|^must be a date \(yyyy-MM-dd\)$|^must be a valid date \(yyyy-MM-dd\)$"), "应为日期（yyyy-MM-dd）"),
        (new(@"^must be a (valid )?date and time\b"), "应为带时区的日期时间（如 2026-11-24T10:00:00+08:00）"),
        (new(@"^must not be negative$"), "不能为负数"),
        (new(@"^must be positive$"), "应大于 0"),
        (new(@"^must not be in the future$"), "不能晚于现在"),
        (new(@"^must be in the future$"), "应晚于现在"),
        (new(@"^must be on or after (\d{4}-\d{2}-\d{2})$"), "不能早于 $1"),
        (new(@"^must be https\b"), "应使用 https"),
        (new(@"^must be an absolute https URL$"), "应为完整的 https 地址"),
        (new(@"^must not point at localhost$"), "不能指向本机"),
        (new(@"^must not carry a user name or password$"), "不能包含用户名或密码"),
        (new(@"^must not have a fragment$"), "不能包含 # 片段"),
        (new(@"^must name a host$"), "应包含主机名"),
        (new(@"^must be (\d+): .*next version$"), "应为 $1（每次修改使用下一个版本号）"),
        (new(@"^must be later than the reported version (\d+)$"), "应晚于所报告的版本 $1"),
        (new(@"^must hold at least one record$"), "至少包含一条记录"),
        (new(@"^must be ([A-Za-z0-9-]+) or ([A-Za-z0-9-]+)$"), "应为 $1 或 $2"),
        (new(@"^must be ([A-Za-z0-9-]+), ([A-Za-z0-9-]+) or ([A-Za-z0-9-]+)$"), "应为 $1、$2 或 $3"),
        (new(@"^is longer than (\d+) characters$"), "超过 $1 个字符"),
        (new(@"^must be a decimal number\b"), "应为小数，如 12.50"),
        (new(@"^must be a date in the format (.+)$"), "应为日期，格式 $1"),
        (new(@"^must be a date and time in the format (.+)$"), "应为日期时间，格式 $1"),
        (new(@"^is not a unified social credit code$"), "不是统一社会信用代码"),
        (new(@"^is not a resident ID number$"), "不是公民身份号码"),
        (new(@"^must be 18 characters \(GB 11643\)$"), "应为 18 位（GB 11643）"),
        (new(@"^must be 17 digits followed by a digit or upper-case X \(GB 11643\)$"), "应为 17 位数字加 1 位数字或大写 X（GB 11643）"),
        (new(@"^address code 000000 is not a division \(GB 11643\)$"), "地址码 000000 不是行政区划（GB 11643）"),
        (new(@"^characters 7-14 must be a valid date of birth yyyyMMdd \(GB 11643\)$"), "第 7 至 14 位应为有效的出生日期 yyyyMMdd（GB 11643）"),
        (new(@"^date of birth is in the future \(GB 11643\)$"), "出生日期晚于今天（GB 11643）"),
        (new(@"^check character does not match \(ISO 7064 MOD 11-2, GB 11643\)$"), "校验码不符（ISO 7064 MOD 11-2，GB 11643）"),
        (new(@"^must be 18 characters \(GB 32100\)$"), "应为 18 位（GB 32100）"),
        (new(@"^check character should be '(.)' \(GB 32100\)$"), "校验码应为“$1”（GB 32100）"),
        (new(@"^character (\d+) '(.)' is not allowed in a unified social credit code$"), "第 $1 位“$2”不能用于统一社会信用代码"),
        (new(@"^is not a GB/T 2260 division code \(province part cannot start with 0\)$"), "不是 GB/T 2260 行政区划代码（省级代码不以 0 开头）"),
        (new(@"^must be a mobile, landline \(区号-号码\) or 400/800 number$"), "应为手机号码、固定电话（区号-号码）或 400/800 号码"),
        (new(@"^must be an e-mail address$"), "应为电子邮箱地址"),
        (new(@"^is not a field that can be set$"), "不是可以设置的字段"),
        (new(@"^is not valid JSON\b"), "不是有效的 JSON"),
        (new(@"^is nested too deeply$"), "嵌套层级过深"),
        (new(@"^give the reason$"), "请说明理由"),
        (new(@"^at most (\d+) reasons of at most (\d+) characters$"), "最多 $1 条理由，每条不超过 $2 个字符"),
        (new(@"^say what is wrong$"), "请说明错在哪里"),
        (new(@"^say what was found$"), "请说明核实的结果"),
        (new(@"^name the record\b"), "请指明哪条记录：其主键值，或在该版本中的行号"),
        (new(@"^'(.+)' is not a data item of the entry$"), "“$1”不是该目录的数据项"),
        (new(@"^is (\d+) but the latest version is (\d+)\b"), "基于第 $1 版，但最新为第 $2 版：请重新读取后再修订"),
        (new(@"^is not a rule\b"), "不是规则集中的规则"),
        (new(@"^is not a registered department of the jurisdiction$"), "不是本地区已登记的部门"),
        (new(@"^names no published catalog entry of your jurisdiction$"), "不是本地区已发布的目录"),
        (new(@"^is your own department's entry; no request is needed$"), "是本部门自己的目录，无需申请"),
        (new(@"^must not be before validity\.from \((\d{4}-\d{2}-\d{2})\)$"), "不能早于有效期起始日（$1）"),
        (new(@"^a new validity period needs the article or document that sets it, or a note saying why there is none$"), "新的有效期须注明设定它的规定条款，或说明未注明的原因"),
    ];

    /// <summary>The Chinese of <paramref name="reason"/>, or null when there is none.</summary>
    public static string? Translate(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason)) return null;
        foreach (var (pattern, chinese) in Table)
        {
            var match = pattern.Match(reason);
            if (match.Success) return match.Result(chinese);
        }
        return null;
    }
}
