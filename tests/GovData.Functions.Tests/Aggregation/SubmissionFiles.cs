using System.IO.Compression;
using System.Security;
using System.Text;
using GovData.Domain.Catalog;
using GovData.Domain.Identifiers;

namespace GovData.Functions.Tests.Aggregation;

/// <summary>Builds submission files in memory: valid identifiers by computing check characters, and minimal .xlsx workbooks.</summary>
internal static class SubmissionFiles
{
    public static readonly DataItem[] People =
    [
        new() { Name = "公民身份号码", Type = DataItemType.ResidentIdNumber, Required = true, IsKey = true, IsPersonal = true },
        new() { Name = "姓名", Type = DataItemType.String, Required = true, MaxLength = 20, IsPersonal = true },
        new() { Name = "性别", Type = DataItemType.Enumeration, AllowedValues = ["男", "女"] },
        new() { Name = "单位统一社会信用代码", Type = DataItemType.UnifiedSocialCreditCode },
        new() { Name = "登记日期", Type = DataItemType.Date, Format = "yyyyMMdd" },
        new() { Name = "联系电话", Type = DataItemType.PhoneNumber },
    ];

    public const string Header = "公民身份号码,姓名,性别,单位统一社会信用代码,登记日期,联系电话";

    public static string Id(int n)
    {
        var first17 = $"350802{1950 + n % 50}{1 + n % 12:00}{1 + n % 28:00}{n % 1000:000}";
        return first17 + ResidentIdNumber.ComputeCheckCharacter(first17);
    }

    public static string BadId(int n)
    {
        var id = Id(n);
        return id[..17] + (id[17] == '0' ? '1' : '0');
    }

    public static string CreditCode(int n)
    {
        var first17 = $"91350800MA{n % 10_000_000:0000000}";
        return first17 + UnifiedSocialCreditCode.ComputeCheckCharacter(first17);
    }

    public static string Row(int n, string? id = null, string name = "张三", string sex = "男") =>
        $"{id ?? Id(n)},{name},{sex},{CreditCode(n)},20240101,1391234{n % 10000:0000}";

    public static string Csv(int rows, Func<int, string>? row = null)
    {
        var text = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < rows; i++) text.Append((row ?? (n => Row(n)))(i)).Append('\n');
        return text.ToString();
    }

    public static MemoryStream Utf8(string text) => new(Encoding.UTF8.GetBytes(text));

    /// <summary>A minimal workbook: rows of cells; strings go to the shared-string table, numbers stay numbers.</summary>
    public static MemoryStream Xlsx(IReadOnlyList<object?[]> rows, Action<ZipArchive>? extra = null, bool inlineStrings = false)
    {
        var strings = new List<string>();
        var sheet = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
        for (var r = 0; r < rows.Count; r++)
        {
            sheet.Append($"<row r=\"{r + 1}\">");
            for (var c = 0; c < rows[r].Length; c++)
            {
                var reference = $"{(char)('A' + c)}{r + 1}";
                switch (rows[r][c])
                {
                    case null: break;
                    case string s when inlineStrings:
                        sheet.Append($"<c r=\"{reference}\" t=\"inlineStr\"><is><t>{SecurityElement.Escape(s)}</t></is></c>");
                        break;
                    case string s:
                        strings.Add(s);
                        sheet.Append($"<c r=\"{reference}\" t=\"s\"><v>{strings.Count - 1}</v></c>");
                        break;
                    case var number:
                        sheet.Append($"<c r=\"{reference}\"><v>{Convert.ToString(number, System.Globalization.CultureInfo.InvariantCulture)}</v></c>");
                        break;
                }
            }
            sheet.Append("</row>");
        }
        sheet.Append("</sheetData></worksheet>");
        var shared = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">");
        foreach (var s in strings) shared.Append($"<si><t>{SecurityElement.Escape(s)}</t></si>");
        shared.Append("</sst>");

        var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
            Add(zip, "xl/workbook.xml", "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"数据\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
            Add(zip, "xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>");
            Add(zip, "xl/worksheets/sheet1.xml", sheet.ToString());
            Add(zip, "xl/sharedStrings.xml", shared.ToString());
            extra?.Invoke(zip);
        }
        stream.Position = 0;
        return stream;
    }

    public static void Add(ZipArchive zip, string name, string content)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Optimal).Open(), new UTF8Encoding(false));
        writer.Write(content);
    }

    /// <summary>A stream that can only be read forward, like a network download.</summary>
    public sealed class ForwardOnly(byte[] bytes) : Stream
    {
        private readonly MemoryStream inner = new(bytes);
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
