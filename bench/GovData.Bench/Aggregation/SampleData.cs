using System.Globalization;
using System.Text;
using GovData.Domain.Catalog;
using GovData.Domain.Identifiers;

namespace GovData.Bench.Aggregation;

/// <summary>
/// A deterministic person-and-organization CSV for benchmarks (aggregation, desensitization), about 150 bytes a row.
/// UTF-8 without BOM, LF line ends, a header row, then one row per person. Columns, in order:
/// <list type="number">
/// <item>记录编号 (Integer, unique 1..N)</item>
/// <item>公民身份号码 (ResidentIdNumber, key, personal; ~2 % carry a wrong check character, rare natural duplicates)</item>
/// <item>姓名 (String, personal, 2-3 Chinese characters)</item>
/// <item>性别 (Enumeration 男/女)</item>
/// <item>出生日期 (Date yyyy-MM-dd, matches the ID number)</item>
/// <item>联系电话 (PhoneNumber, mobile, personal; ~0.5 % too short)</item>
/// <item>电子邮箱 (Email, personal)</item>
/// <item>单位名称 (String)</item>
/// <item>单位统一社会信用代码 (UnifiedSocialCreditCode; ~1 % carry a wrong check character)</item>
/// <item>登记日期 (Date yyyyMMdd)</item>
/// <item>在职 (Boolean 是/否)</item>
/// </list>
/// </summary>
public static class SampleData
{
    /// <summary>The data items describing the file, as a catalog entry would.</summary>
    public static IReadOnlyList<DataItem> PeopleItems { get; } =
    [
        new() { Name = "记录编号", Type = DataItemType.Integer, Required = true },
        new() { Name = "公民身份号码", Type = DataItemType.ResidentIdNumber, Required = true, IsKey = true, IsPersonal = true },
        new() { Name = "姓名", Type = DataItemType.String, Required = true, MaxLength = 20, IsPersonal = true },
        new() { Name = "性别", Type = DataItemType.Enumeration, AllowedValues = ["男", "女"], IsPersonal = true },
        new() { Name = "出生日期", Type = DataItemType.Date, IsPersonal = true },
        new() { Name = "联系电话", Type = DataItemType.PhoneNumber, IsPersonal = true },
        new() { Name = "电子邮箱", Type = DataItemType.Email, IsPersonal = true },
        new() { Name = "单位名称", Type = DataItemType.String, MaxLength = 100 },
        new() { Name = "单位统一社会信用代码", Type = DataItemType.UnifiedSocialCreditCode, Required = true },
        new() { Name = "登记日期", Type = DataItemType.Date, Format = "yyyyMMdd", Required = true },
        new() { Name = "在职", Type = DataItemType.Boolean },
    ];

    private static readonly string[] Areas = ["350802", "350803", "350821", "350823", "350824", "350825", "350881"];
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "林", "郑", "欧阳"];
    private static readonly string[] Given = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "秀英", "建华", "志强"];
    private static readonly string[] Units = ["龙岩市公安局", "新罗区人民医院", "永定区教育局", "长汀县供电公司", "上杭县农商银行", "武平县自来水公司", "漳平市烟草公司"];
    private const string CodeAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    /// <summary>Writes the file unless it already exists with that many rows (the name carries the row count and a format version).</summary>
    public static string EnsurePeopleCsv(string path, int rows, int seed = 20261124)
    {
        if (File.Exists(path) && File.Exists(path + ".ok")) return path;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var random = new Random(seed);
        var codes = Enumerable.Range(0, 5000).Select(_ => OrganizationCode(random)).ToArray();
        using (var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20))
        {
            writer.Write(string.Join(',', PeopleItems.Select(i => i.Name)));
            writer.Write('\n');
            var line = new StringBuilder(256);
            for (var n = 1; n <= rows; n++)
            {
                line.Clear();
                var birth = new DateOnly(1940, 1, 1).AddDays(random.Next(365 * 65));
                var male = random.Next(2) == 0;
                var first17 = $"{Areas[random.Next(Areas.Length)]}{birth:yyyyMMdd}{random.Next(100):00}{(male ? 1 : 0) + 2 * random.Next(5)}";
                var check = ResidentIdNumber.ComputeCheckCharacter(first17);
                if (random.Next(100) < 2) check = check == '0' ? '1' : '0';
                var unit = random.Next(codes.Length);
                var code = codes[unit];
                if (random.Next(100) < 1) code = code[..17] + (code[17] == '0' ? '1' : '0');
                var phone = random.Next(200) == 0 ? $"139{random.Next(10_000_000):0000000}" : $"1{random.Next(3, 10)}{random.Next(1_000_000_000):000000000}";
                line.Append(n).Append(',')
                    .Append(first17).Append(check).Append(',')
                    .Append(Surnames[random.Next(Surnames.Length)]).Append(Given[random.Next(Given.Length)]).Append(',')
                    .Append(male ? "男" : "女").Append(',')
                    .Append(birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(',')
                    .Append(phone).Append(',')
                    .Append("u").Append(n).Append("@example.cn").Append(',')
                    .Append(Units[unit % Units.Length]).Append(',')
                    .Append(code).Append(',')
                    .Append(new DateOnly(2020, 1, 1).AddDays(random.Next(2000)).ToString("yyyyMMdd", CultureInfo.InvariantCulture)).Append(',')
                    .Append(random.Next(4) == 0 ? "否" : "是").Append('\n');
                writer.Write(line);
            }
        }
        File.WriteAllText(path + ".ok", rows.ToString(CultureInfo.InvariantCulture));
        return path;
    }

    /// <summary>The default location: the temp folder, named by row count.</summary>
    public static string DefaultPath(int rows) => Path.Combine(Path.GetTempPath(), "govdata-bench", $"people-v1-{rows}.csv");

    private static string OrganizationCode(Random random)
    {
        Span<char> first17 = stackalloc char[17];
        "91350800".CopyTo(first17);
        for (var i = 8; i < 17; i++) first17[i] = CodeAlphabet[random.Next(CodeAlphabet.Length)];
        var text = new string(first17);
        return text + UnifiedSocialCreditCode.ComputeCheckCharacter(text);
    }
}
