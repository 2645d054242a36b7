using System.Globalization;
using System.Text;
using ClosedXML.Excel;
using GovData.Domain;
using GovData.Domain.Catalog;
using Sylvan.Data.Csv;

namespace GovData.Functions.Catalog;

/// <summary>The text encoding of an imported CSV file.</summary>
public enum CsvEncoding
{
    /// <summary>A UTF-8 BOM or valid UTF-8 means UTF-8; anything else that is valid GB18030 is read as GB18030.</summary>
    Detect,
    /// <summary>UTF-8, with or without BOM.</summary>
    Utf8,
    /// <summary>GB18030 (GBK and GB2312 are subsets of it).</summary>
    Gb18030,
}

/// <summary>A file that cannot be read as the catalog template at all (not a spreadsheet, wrong columns).</summary>
public sealed class NotASpreadsheetException(string reason) : Exception(reason);

/// <summary>
/// The catalog template: one row per entry, one column per field (docs/catalog.md). The same columns are used for the
/// downloadable template, the bulk import and the CSV/Excel export, so an export can be edited and imported again.
/// </summary>
public static class CatalogSheet
{
    /// <summary>The template's columns, in order.</summary>
    public static readonly string[] Columns =
    [
        "code", "name", "summary", "dataItems", "format", "sharingType", "sharingConditions", "legalBasis", "sharingMethods",
        "openType", "openConditions", "updateCycle", "securityLevel", "usageRequirements", "relatedEntries",
    ];

    /// <summary>Columns the export adds and the import ignores.</summary>
    public static readonly string[] ExportOnly = ["department", "version", "publishedAt"];

    private static readonly string[] Required = ["code", "name", "summary", "dataItems", "sharingType", "sharingMethods", "openType", "updateCycle"];

    /// <summary>What each column holds (the template's second sheet and docs/catalog.md).</summary>
    public static readonly IReadOnlyDictionary<string, string> Help = new Dictionary<string, string>
    {
        ["code"] = "资源代码 (required): upper-case letters, digits and '-', 3-50 characters, unique in the jurisdiction",
        ["name"] = "资源名称 (required), 2-100 characters",
        ["summary"] = "资源摘要 (required), at most 2000 characters",
        ["dataItems"] = "信息项 (required): items separated by ';', each name|type|format|flags|values; flags R required, K key, P personal, S sensitive; values of an Enumeration separated by '/'. Types: " + string.Join(", ", Enum.GetNames<DataItemType>()),
        ["format"] = "资源格式, e.g. 数据库, 电子表格",
        ["sharingType"] = "共享类型 (required): " + string.Join(", ", Enum.GetNames<SharingType>()),
        ["sharingConditions"] = "共享条件: required for Conditional",
        ["legalBasis"] = "法律依据: required for Conditional and NotShared",
        ["sharingMethods"] = "共享方式, separated by ';': " + string.Join(", ", Enum.GetNames<SharingMethod>()) + "; RealTime/Daily/Weekly data must include Api",
        ["openType"] = "开放类型 (required): " + string.Join(", ", Enum.GetNames<OpenType>()),
        ["openConditions"] = "开放条件: required for OnApplication",
        ["updateCycle"] = "更新周期 (required): " + string.Join(", ", Enum.GetNames<UpdateCycle>()),
        ["securityLevel"] = "安全级别: " + string.Join(", ", Enum.GetNames<DataSecurityLevel>()) + " (default General)",
        ["usageRequirements"] = "使用要求",
        ["relatedEntries"] = "关联资源: codes separated by ';'",
    };

    /// <summary>A sample row for the template.</summary>
    public static readonly CatalogContent Example = new()
    {
        Code = "350800-XX-0001",
        Name = "示例资源",
        Summary = "示例：删除本行后填写本部门的资源",
        DataItems =
        [
            new DataItem { Name = "统一社会信用代码", Type = DataItemType.UnifiedSocialCreditCode, Required = true, IsKey = true },
            new DataItem { Name = "登记日期", Type = DataItemType.Date, Format = "yyyy-MM-dd" },
        ],
        Format = "数据库",
        SharingType = SharingType.Unconditional,
        SharingMethods = [SharingMethod.Api],
        OpenType = OpenType.Unconditional,
        UpdateCycle = UpdateCycle.Daily,
    };

    /// <summary>The template cells of one entry.</summary>
    public static string[] Row(CatalogContent c) =>
    [
        c.Code, c.Name, c.Summary, DataItemsText.Format(c.DataItems), c.Format ?? "", c.SharingType.ToString(), c.SharingConditions ?? "",
        c.LegalBasis ?? "", string.Join(";", c.SharingMethods), c.OpenType.ToString(), c.OpenConditions ?? "", c.UpdateCycle.ToString(),
        c.SecurityLevel.ToString(), c.UsageRequirements ?? "", string.Join(";", c.RelatedEntries),
    ];

    /// <summary>A table read from a file: the header and the data rows with their row numbers (the header is row 1).</summary>
    public sealed record Table(IReadOnlyList<string> Header, IReadOnlyList<(int Row, string[] Cells)> Rows);

    /// <summary>
    /// Reads an .xlsx, or a CSV in UTF-8 or GB18030/GBK (declared, or detected: a BOM or valid UTF-8 means UTF-8, otherwise
    /// GB18030, which Chinese Excel and WPS write as "CSV"); <see cref="NotASpreadsheetException"/> when it is neither.
    /// </summary>
    public static Table Read(byte[] bytes, CsvEncoding encoding = CsvEncoding.Detect)
    {
        if (bytes.Length == 0) throw new NotASpreadsheetException("the file is empty");
        if (bytes.Length >= 4 && bytes[0] == 0x50 && bytes[1] == 0x4B && bytes[2] == 0x03 && bytes[3] == 0x04) return ReadXlsx(bytes);
        if (bytes.Length >= 4 && bytes[0] == 0xD0 && bytes[1] == 0xCF && bytes[2] == 0x11 && bytes[3] == 0xE0)
            throw new NotASpreadsheetException("legacy .xls files are not supported; save the file as .xlsx (Excel Workbook) or CSV UTF-8");
        return ReadCsv(bytes, encoding);
    }

    private static readonly Lazy<Encoding> StrictGb18030 = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(54936, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    });

    /// <summary>Parses a declared encoding name (utf-8, gb18030, gbk, gb2312; case-insensitive); null when unknown.</summary>
    public static CsvEncoding? ParseEncoding(string? name) => name?.Trim().Trim('"').ToLowerInvariant() switch
    {
        null or "" => CsvEncoding.Detect,
        "utf-8" or "utf8" => CsvEncoding.Utf8,
        // GBK and GB2312 are subsets of GB18030: one decoder reads all three.
        "gb18030" or "gbk" or "gb2312" or "cp936" => CsvEncoding.Gb18030,
        _ => null,
    };

    private static string DecodeCsv(byte[] bytes, CsvEncoding encoding)
    {
        var bom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;
        if (bytes.Length >= 2 && (bytes[0], bytes[1]) is (0xFF, 0xFE) or (0xFE, 0xFF))
            throw new NotASpreadsheetException("the CSV file is UTF-16; save it as 'CSV UTF-8' or as GBK/GB18030 CSV");
        var utf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
        string? Try(Encoding e, int skip)
        {
            try { return e.GetString(bytes, skip, bytes.Length - skip); }
            catch (DecoderFallbackException) { return null; }
        }
        switch (encoding)
        {
            case CsvEncoding.Utf8:
                return Try(utf8, bom ? 3 : 0) ?? throw new NotASpreadsheetException("the file was declared UTF-8 but is not valid UTF-8 (a GBK file? declare encoding=gbk, or save it as 'CSV UTF-8')");
            case CsvEncoding.Gb18030:
                if (bom) throw new NotASpreadsheetException("the file starts with a UTF-8 byte order mark but was declared GB18030/GBK");
                return Try(StrictGb18030.Value, 0) ?? throw new NotASpreadsheetException("the file was declared GB18030/GBK but has bytes that are not valid in it");
            default:
                return Try(utf8, bom ? 3 : 0) ?? (bom ? null : Try(StrictGb18030.Value, 0))
                    ?? throw new NotASpreadsheetException("the file is neither an .xlsx workbook nor a CSV file in UTF-8 or GB18030/GBK (save it as 'CSV UTF-8')");
        }
    }

    private static Table ReadXlsx(byte[] bytes)
    {
        XLWorkbook workbook;
        try { workbook = new XLWorkbook(new MemoryStream(bytes, writable: false)); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new NotASpreadsheetException("the file is a ZIP archive but not a readable .xlsx workbook");
        }
        using (workbook)
        {
            var sheet = workbook.Worksheets.FirstOrDefault() ?? throw new NotASpreadsheetException("the workbook has no worksheet");
            var lastRow = sheet.LastRowUsed()?.RowNumber() ?? 0;
            var lastColumn = sheet.LastColumnUsed()?.ColumnNumber() ?? 0;
            if (lastRow == 0) throw new NotASpreadsheetException("the first worksheet is empty");
            var header = Enumerable.Range(1, lastColumn).Select(c => sheet.Cell(1, c).GetString().Trim()).ToArray();
            var rows = new List<(int, string[])>();
            for (var r = 2; r <= lastRow; r++)
            {
                var cells = Enumerable.Range(1, lastColumn).Select(c => sheet.Cell(r, c).GetString()).ToArray();
                if (cells.Any(x => x.Trim().Length > 0)) rows.Add((r, cells));
            }
            return new Table(header, rows);
        }
    }

    private static Table ReadCsv(byte[] bytes, CsvEncoding encoding)
    {
        if (Array.IndexOf(bytes, (byte)0) >= 0 && !(bytes.Length >= 2 && (bytes[0], bytes[1]) is (0xFF, 0xFE) or (0xFE, 0xFF)))
            throw new NotASpreadsheetException("the file is binary, not a spreadsheet (.xlsx or CSV)");
        var text = DecodeCsv(bytes, encoding);
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        if (text.Contains('\0')) throw new NotASpreadsheetException("the file is binary, not a spreadsheet (.xlsx or CSV)");
        try
        {
            using var reader = CsvDataReader.Create(new StringReader(text), new CsvDataReaderOptions { HasHeaders = true });
            var header = Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetName(i).Trim()).ToArray();
            var rows = new List<(int, string[])>();
            var row = 1;
            while (reader.Read())
            {
                row++;
                var cells = Enumerable.Range(0, header.Length).Select(i => i < reader.RowFieldCount ? reader.GetString(i) : "").ToArray();
                if (cells.Any(x => x.Trim().Length > 0)) rows.Add((row, cells));
            }
            return new Table(header, rows);
        }
        catch (CsvFormatException e) { throw new NotASpreadsheetException($"the CSV file is malformed near record {e.RowNumber}"); }
    }

    /// <summary>Checks the header row: every required column present, no unknown or repeated column.</summary>
    public static void CheckHeader(IReadOnlyList<string> header)
    {
        var missing = Required.Where(r => !header.Contains(r, StringComparer.Ordinal)).ToArray();
        var unknown = header.Where(h => h.Length > 0 && !Columns.Contains(h) && !ExportOnly.Contains(h)).ToArray();
        var repeated = header.Where(h => h.Length > 0).GroupBy(h => h).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        if (missing.Length + unknown.Length + repeated.Length == 0) return;
        var parts = new List<string>();
        if (missing.Length > 0) parts.Add("missing columns: " + string.Join(", ", missing));
        if (unknown.Length > 0) parts.Add("unknown columns: " + string.Join(", ", unknown));
        if (repeated.Length > 0) parts.Add("repeated columns: " + string.Join(", ", repeated));
        throw new NotASpreadsheetException($"the first row is not the catalog template's header ({string.Join("; ", parts)}); download the template from /api/catalog/template");
    }

    /// <summary>Reads one row into content; errors name the row (<c>rows[7].sharingType</c>) and the reason.</summary>
    public static (CatalogContent? Content, List<ValidationError> Errors) Parse(IReadOnlyList<string> header, int row, string[] cells)
    {
        var errors = new List<ValidationError>();
        string? Cell(string column)
        {
            var i = IndexOf(header, column);
            var v = i < 0 || i >= cells.Length ? null : cells[i].Trim();
            return string.IsNullOrEmpty(v) ? null : v;
        }
        string F(string field) => $"rows[{row}].{field}";
        T Enum<T>(string column, T fallback, bool required = true) where T : struct, System.Enum
        {
            var text = Cell(column);
            if (text is null)
            {
                if (required) errors.Add(new(F(column), "is required"));
                return fallback;
            }
            if (DataItemsText.TryEnum<T>(text, out var v)) return v;
            errors.Add(new(F(column), $"'{text}' must be one of: {string.Join(", ", System.Enum.GetNames<T>())}"));
            return fallback;
        }
        var (items, itemProblems) = DataItemsText.Parse(Cell("dataItems"));
        foreach (var p in itemProblems) errors.Add(new(F("dataItems"), p));
        var methods = new List<SharingMethod>();
        foreach (var m in (Cell("sharingMethods") ?? "").Split([';', '；', ','], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (DataItemsText.TryEnum<SharingMethod>(m, out var method)) methods.Add(method);
            else errors.Add(new(F("sharingMethods"), $"'{m}' must be one of: {string.Join(", ", System.Enum.GetNames<SharingMethod>())}"));
        }
        var content = new CatalogContent
        {
            Code = Cell("code") ?? "",
            Name = Cell("name") ?? "",
            Summary = Cell("summary") ?? "",
            DataItems = items,
            Format = Cell("format"),
            SharingType = Enum("sharingType", SharingType.Unconditional),
            SharingConditions = Cell("sharingConditions"),
            LegalBasis = Cell("legalBasis"),
            SharingMethods = methods,
            OpenType = Enum("openType", OpenType.NotOpen),
            OpenConditions = Cell("openConditions"),
            UpdateCycle = Enum("updateCycle", UpdateCycle.Irregular),
            SecurityLevel = Enum("securityLevel", DataSecurityLevel.General, required: false),
            UsageRequirements = Cell("usageRequirements"),
            RelatedEntries = (Cell("relatedEntries") ?? "").Split([';', '；', ','], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
        };
        foreach (var e in CatalogValidator.Validate(content))
        {
            // Item problems were already reported from the cell text; the validator's "at least one item" would repeat them.
            if (e.Field == "dataItems" && itemProblems.Count > 0) continue;
            if (e.Field is "sharingType" or "openType" or "updateCycle" or "securityLevel" && errors.Any(x => x.Field == F(e.Field))) continue;
            errors.Add(new(F(e.Field), e.Reason));
        }
        return (errors.Count == 0 ? content : null, errors);
    }

    private static int IndexOf(IReadOnlyList<string> header, string column)
    {
        for (var i = 0; i < header.Count; i++) if (header[i] == column) return i;
        return -1;
    }

    /// <summary>Writes rows as CSV (UTF-8 with BOM so Excel shows Chinese; RFC 4180 quoting).</summary>
    public static byte[] ToCsv(IReadOnlyList<string> header, IEnumerable<string[]> rows)
    {
        var sb = new StringBuilder();
        void Line(IEnumerable<string> cells) => sb.Append(string.Join(",", cells.Select(Quote))).Append("\r\n");
        Line(header);
        foreach (var r in rows) Line(r);
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(sb.ToString())];
    }

    private static string Quote(string cell)
    {
        // Cells that a spreadsheet would run as a formula are written as text (CSV injection).
        if (cell.Length > 0 && cell[0] is '=' or '+' or '@') cell = "'" + cell;
        return cell.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + cell.Replace("\"", "\"\"") + "\"" : cell;
    }

    /// <summary>Writes rows as an .xlsx workbook, every cell as text; an optional help sheet explains the columns.</summary>
    public static byte[] ToXlsx(IReadOnlyList<string> header, IEnumerable<string[]> rows, bool withHelp)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("catalog");
        var r = 1;
        void Line(IReadOnlyList<string> cells)
        {
            for (var c = 0; c < cells.Count; c++)
            {
                var cell = sheet.Cell(r, c + 1);
                cell.Style.NumberFormat.Format = "@";
                cell.SetValue(cells[c]);
                cell.DataType = XLDataType.Text;
            }
            r++;
        }
        Line(header);
        foreach (var row in rows) Line(row);
        sheet.SheetView.FreezeRows(1);
        if (withHelp)
        {
            var help = workbook.AddWorksheet("说明");
            help.Cell(1, 1).SetValue("column");
            help.Cell(1, 2).SetValue("meaning");
            var i = 2;
            foreach (var (column, meaning) in Help) { help.Cell(i, 1).SetValue(column); help.Cell(i, 2).SetValue(meaning); i++; }
        }
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    /// <summary>The export cells of one published entry: the template columns then department, version and publication time.</summary>
    public static string[] ExportRow(CatalogEntry e) =>
        [.. Row(e.Published!.Content), e.Department, e.Published.Number.ToString(CultureInfo.InvariantCulture), e.Published.PublishedAt?.ToString("O", CultureInfo.InvariantCulture) ?? ""];
}
