using System.Globalization;
using System.Text;
using GovData.Domain.Identifiers;

namespace GovData.Bench.Opening;

/// <summary>
/// A deterministic person/organization CSV like the aggregation benchmark's (same seed, same file every run), with valid
/// ID numbers, mobile numbers, Luhn-valid card numbers and a 备注 column where one row in ten mentions a phone or an ID.
/// </summary>
internal static class PersonSampleData
{
    public const string Header = "姓名,公民身份号码,手机号码,地址,出生日期,统一社会信用代码,单位名称,银行卡号,电子邮箱,备注";

    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "林", "郑", "欧阳", "司马", "上官"];
    private static readonly string[] GivenChars = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "秀", "霞", "平", "刚"];
    private static readonly (string Code, string Name)[] Districts =
    [
        ("350802", "福建省龙岩市新罗区"), ("350803", "福建省龙岩市永定区"), ("350821", "福建省龙岩市长汀县"),
        ("350823", "福建省龙岩市上杭县"), ("350824", "福建省龙岩市武平县"), ("350825", "福建省龙岩市连城县"), ("350881", "福建省龙岩市漳平市"),
    ];
    private static readonly string[] Streets = ["龙腾中路", "登高西路", "九一南路", "西陂街道华莲路", "汀州镇兆征路", "临江镇北大路", "菁城街道桂林路"];
    private static readonly string[] Companies = ["龙岩市闽西科技有限公司", "龙岩市汀江物流有限公司", "福建省上杭县紫金建材有限公司", "龙岩市新罗区社区卫生服务中心", "连城县冠豸山旅游开发有限公司"];
    private const string CreditCodeAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"; // GB 32100
    private static readonly string[] Remarks = ["无", "按时缴纳", "已核验", "信息完整，无异常", "迁入本市，材料齐全"];

    /// <summary>Writes <paramref name="rows"/> rows (plus the header) to <paramref name="path"/> unless an identical file is already there.</summary>
    public static string Ensure(int rows)
    {
        var path = Path.Combine(Path.GetTempPath(), $"govdata-bench-opening-{rows}.csv");
        if (File.Exists(path)) return path;
        var temp = path + ".tmp";
        using (var writer = new StreamWriter(temp, false, new UTF8Encoding(false), 1 << 20))
        {
            writer.Write(Header);
            writer.Write("\r\n");
            var random = new Random(20261124);
            var line = new StringBuilder(256);
            for (var i = 0; i < rows; i++)
            {
                WriteRow(random, i, line);
                writer.Write(line);
                writer.Write("\r\n");
            }
        }
        File.Move(temp, path, overwrite: true);
        return path;
    }

    private static void WriteRow(Random r, int i, StringBuilder line)
    {
        line.Clear();
        var (code, district) = Districts[r.Next(Districts.Length)];
        var birth = new DateOnly(1940, 1, 1).AddDays(r.Next(365 * 65));
        var id17 = string.Create(CultureInfo.InvariantCulture, $"{code}{birth:yyyyMMdd}{r.Next(1000):D3}");
        var id = id17 + ResidentIdNumber.ComputeCheckCharacter(id17);
        var phone = string.Create(CultureInfo.InvariantCulture, $"1{r.Next(3, 10)}{r.Next(1_000_000_000):D9}");
        var card15 = string.Create(CultureInfo.InvariantCulture, $"6222{r.Next(100_000_000):D8}{r.Next(1000):D3}");
        var card = card15 + LuhnDigit(card15);
        var org = new char[9];
        for (var k = 0; k < 9; k++) org[k] = CreditCodeAlphabet[r.Next(CreditCodeAlphabet.Length)];
        var uscc17 = "91" + code + new string(org);
        var uscc = uscc17 + UnifiedSocialCreditCode.ComputeCheckCharacter(uscc17);
        var name = Surnames[r.Next(Surnames.Length)] + GivenChars[r.Next(GivenChars.Length)] + (r.Next(2) == 0 ? GivenChars[r.Next(GivenChars.Length)] : "");
        var remark = (i % 10) switch
        {
            3 => "联系电话" + phone,
            7 => "代办人身份证" + id + "，已核验",
            _ => Remarks[r.Next(Remarks.Length)],
        };
        line.Append(name).Append(',').Append(id).Append(',').Append(phone).Append(',')
            .Append(district).Append(Streets[r.Next(Streets.Length)]).Append(r.Next(1, 300)).Append("号,")
            .Append(birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(',').Append(uscc).Append(',')
            .Append(Companies[r.Next(Companies.Length)]).Append(',').Append(card).Append(',')
            .Append("user").Append(i).Append("@example.com,").Append(remark);
    }

    private static char LuhnDigit(string partial)
    {
        var sum = 0;
        for (var k = 0; k < partial.Length; k++)
        {
            var d = partial[partial.Length - 1 - k] - '0';
            if (k % 2 == 0) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
        }
        return (char)('0' + (10 - sum % 10) % 10);
    }
}
