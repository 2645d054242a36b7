using System.Text;
using GovData.Domain.Opening;

namespace GovData.Functions.Tests.Opening;

/// <summary>A small person/organization file and its plan, shared by the Opening tests.</summary>
internal static class OpeningSamples
{
    public const string Header = "姓名,公民身份号码,手机号码,地址,出生日期,统一社会信用代码,单位名称,银行卡号,电子邮箱,备注";
    public static readonly byte[] Secret = Encoding.UTF8.GetBytes("opening-tests-secret-0123456789abcdef");
    public static Pseudonymizer Pseudonymizer(string dataset = "open-350800-test") => new(Secret, dataset);

    public static readonly string[] Rows =
    [
        "张三,110101199003071233,13812345678,福建省龙岩市新罗区西陂街道龙腾中路123号,1990-03-07,91350800MA2Y0ABC1X,龙岩市某某科技有限公司,6222021234567890128,zhangsan@example.com,无",
        "欧阳娜娜,350802198511120016,+86 139-0000-1111,福建省龙岩市长汀县汀州镇兆征路8号,1985-11-12,91350800MA2Y0ABC1X,\"龙岩市某某科技有限公司,分公司\",6217001234567893,ouyang@163.com,本人电话13912345678，身份证350802198511120016",
        "李四,11010119900307109X,15000001111,北京市市辖区东城区东华门街道,19900307,91350800MA2Y0ABC1X,\"说\"\"你好\"\"的公司\",41111111111114,lisi@gov.cn,",
    ];

    public static string Csv(params string[] rows) => Header + "\r\n" + string.Join("\r\n", rows) + "\r\n";

    public static MemoryStream Utf8(string text) => new(Encoding.UTF8.GetBytes(text));

    public static DesensitizationPlan Plan(bool allowCreditCode = true) => new()
    {
        Items =
        [
            new() { Item = "姓名", Method = DesensitizationMethod.Mask, Mask = MaskStyle.PersonalName },
            new() { Item = "公民身份号码", Method = DesensitizationMethod.Mask, Mask = MaskStyle.ResidentIdNumber },
            new() { Item = "手机号码", Method = DesensitizationMethod.Mask, Mask = MaskStyle.PhoneNumber },
            new() { Item = "地址", Method = DesensitizationMethod.Generalize, Generalization = Generalization.District },
            new() { Item = "出生日期", Method = DesensitizationMethod.Generalize, Generalization = Generalization.Year },
            new() { Item = "统一社会信用代码", Method = DesensitizationMethod.None, ScanAllowed = allowCreditCode },
            new() { Item = "单位名称", Method = DesensitizationMethod.None },
            new() { Item = "银行卡号", Method = DesensitizationMethod.Drop },
            new() { Item = "电子邮箱", Method = DesensitizationMethod.Mask, Mask = MaskStyle.Email },
            new() { Item = "备注", Method = DesensitizationMethod.Mask, Mask = MaskStyle.FreeText },
        ],
    };

    public static string Text(MemoryStream s) => Encoding.UTF8.GetString(s.ToArray());
}
