using System.Globalization;
using System.IO.Compression;
using System.Xml;
using GovData.Domain.Aggregation;
using GovData.Domain.Catalog;

namespace GovData.Functions.Aggregation.Reading;

/// <summary>
/// Streams the first worksheet of an .xlsx with an XmlReader (a DOM library would hold the whole sheet in memory).
/// Only the shared-string table is held, capped by <see cref="SubmissionLimits.MaxXlsxSharedStringsBytes"/>; every part
/// is inflated through an <see cref="InflateBudget"/> so a zip bomb stops early.
/// </summary>
internal sealed class XlsxRowReader : RowReader
{
    private const string MainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string RelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = false, IgnoreComments = true, CloseInput = true,
    };

    private readonly ZipArchive zip;
    private readonly IReadOnlyList<DataItem> items;
    private readonly List<string> sharedStrings = [];
    private readonly XmlReader sheet;
    private readonly InflateBudget.Counting sheetStream;
    private readonly long sheetLength;
    private readonly int[] itemOfColumn;
    private readonly int[] columnOfItem;
    private readonly string?[] cells;
    private readonly System.Text.StringBuilder text = new();
    private long row;

    public XlsxRowReader(Stream seekable, IReadOnlyList<DataItem> items, SubmissionLimits limits)
    {
        this.items = items;
        try
        {
            zip = new ZipArchive(seekable, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException)
        {
            throw SubmissionRejectedException.Of(RejectionReason.Unreadable, "the file is not an .xlsx workbook (not a zip archive)");
        }
        CheckSizes(limits);
        var budget = new InflateBudget(limits.MaxXlsxUncompressedBytes);
        var (sheetPath, stringsPath) = FindParts(budget, limits);
        if (stringsPath is not null && zip.GetEntry(stringsPath) is { } strings)
        {
            using var reader = XmlReader.Create(budget.Wrap(strings.Open(), strings.Length, limits.MaxXlsxSharedStringsBytes, stringsPath), Settings);
            ReadSharedStrings(reader);
        }
        var sheetEntry = zip.GetEntry(sheetPath) ?? throw SubmissionRejectedException.Of(RejectionReason.Unreadable, "the workbook has no worksheet");
        sheetLength = sheetEntry.Length;
        sheetStream = budget.Wrap(sheetEntry.Open(), sheetEntry.Length, long.MaxValue, sheetPath);
        sheet = XmlReader.Create(sheetStream, Settings);

        if (!NextRow(out var header, headerRow: true))
            throw SubmissionRejectedException.Of(RejectionReason.Empty, "the first worksheet is empty: no header row");
        if (header.Count > limits.MaxColumns)
            throw SubmissionRejectedException.Of(RejectionReason.HeaderMismatch, $"the header has {header.Count} columns, more than the limit of {limits.MaxColumns}", row);
        var headers = header.Select(h => h ?? string.Empty).ToList();
        columnOfItem = HeaderMap.Create(headers, items);
        itemOfColumn = new int[headers.Count];
        Array.Fill(itemOfColumn, -1);
        for (var i = 0; i < columnOfItem.Length; i++) itemOfColumn[columnOfItem[i]] = i;
        cells = new string?[headers.Count];
    }

    public override long RowNumber => row;

    public override (long Read, long? Total) Position => (sheetStream.PartRead, sheetLength);

    public override ReadOnlySpan<char> this[int itemIndex] => cells[columnOfItem[itemIndex]];

    public override bool Read()
    {
        Array.Clear(cells);
        MalformedReason = null;
        return NextRow(out _, headerRow: false);
    }

    private void CheckSizes(SubmissionLimits limits)
    {
        long total = 0;
        foreach (var entry in zip.Entries)
        {
            total += entry.Length;
            // Tiny parts compress extremely well legitimately; the ratio only matters where the bytes are.
            if (entry.Length > (1 << 20) && entry.Length > limits.MaxXlsxCompressionRatio * Math.Max(1, entry.CompressedLength))
                throw SubmissionRejectedException.Of(RejectionReason.ZipBomb,
                    $"the workbook part {entry.FullName} expands {entry.Length / Math.Max(1, entry.CompressedLength):N0} times, more than the limit of {limits.MaxXlsxCompressionRatio:N0}");
        }
        if (total > limits.MaxXlsxUncompressedBytes)
            throw SubmissionRejectedException.Of(RejectionReason.ZipBomb, $"the workbook declares {total:N0} bytes uncompressed, more than the limit of {limits.MaxXlsxUncompressedBytes:N0}");
    }

    private (string Sheet, string? Strings) FindParts(InflateBudget budget, SubmissionLimits limits)
    {
        var workbook = zip.GetEntry("xl/workbook.xml") ?? throw SubmissionRejectedException.Of(RejectionReason.Unreadable, "the file is a zip but not an .xlsx workbook (no xl/workbook.xml)");
        string? firstSheetRel = null;
        using (var reader = XmlReader.Create(budget.Wrap(workbook.Open(), workbook.Length, limits.MaxXlsxSharedStringsBytes, workbook.FullName), Settings))
        {
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "sheet" && reader.NamespaceURI == MainNs)
                {
                    firstSheetRel = reader.GetAttribute("id", RelNs);
                    break;
                }
            }
        }
        string sheet = "xl/worksheets/sheet1.xml";
        string? strings = "xl/sharedStrings.xml";
        if (zip.GetEntry("xl/_rels/workbook.xml.rels") is { } rels)
        {
            using var reader = XmlReader.Create(budget.Wrap(rels.Open(), rels.Length, limits.MaxXlsxSharedStringsBytes, rels.FullName), Settings);
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "Relationship") continue;
                var target = reader.GetAttribute("Target");
                if (target is null) continue;
                var path = target.StartsWith('/') ? target[1..] : "xl/" + target;
                if (reader.GetAttribute("Id") == firstSheetRel) sheet = path;
                else if (reader.GetAttribute("Type")?.EndsWith("/sharedStrings", StringComparison.Ordinal) == true) strings = path;
            }
        }
        return (sheet, strings);
    }

    private void ReadSharedStrings(XmlReader reader)
    {
        var text = new System.Text.StringBuilder();
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "si") continue;
            text.Clear();
            CollectText(reader, text);
            sharedStrings.Add(text.ToString());
        }
    }

    // Concatenates the <t> runs of an <si> or <is>, leaving out phonetic guides (<rPh>).
    private static void CollectText(XmlReader reader, System.Text.StringBuilder text)
    {
        if (reader.IsEmptyElement) return;
        var depth = reader.Depth;
        var skipDepth = -1;
        while (reader.Read() && reader.Depth > depth)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "rPh") skipDepth = reader.IsEmptyElement ? -1 : reader.Depth;
            else if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == skipDepth) skipDepth = -1;
            else if (skipDepth < 0 && reader.NodeType is XmlNodeType.Text or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace
                     && reader.Depth >= depth + 1) text.Append(reader.Value);
        }
    }

    private bool NextRow(out List<string?> header, bool headerRow)
    {
        header = [];
        try
        {
            while (sheet.Read())
            {
                if (sheet.NodeType != XmlNodeType.Element || sheet.LocalName != "row") continue;
                row = long.TryParse(sheet.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : row + 1;
                if (sheet.IsEmptyElement) continue;
                var any = ReadCells(header, headerRow);
                if (any) return true;
                if (!headerRow) Array.Clear(cells);
            }
            return false;
        }
        catch (XmlException e)
        {
            throw SubmissionRejectedException.Of(RejectionReason.Unreadable, $"the worksheet XML is broken near row {row + 1}: {e.Message}", row + 1);
        }
        catch (InvalidDataException)
        {
            throw SubmissionRejectedException.Of(RejectionReason.Unreadable, $"the workbook's compressed data is corrupt near row {row + 1}", row + 1);
        }
    }

    private bool ReadCells(List<string?> header, bool headerRow)
    {
        var depth = sheet.Depth;
        var next = 0;
        var any = false;
        while (sheet.Read() && sheet.Depth > depth)
        {
            if (sheet.NodeType != XmlNodeType.Element || sheet.LocalName != "c") continue;
            var column = ColumnOf(sheet.GetAttribute("r")) ?? next;
            next = column + 1;
            var type = sheet.GetAttribute("t");
            string? value = null;
            if (!sheet.IsEmptyElement)
            {
                // ReadElementContentAsString already moves past </v>, so the loop reads on only where nothing moved it.
                var cellDepth = sheet.Depth;
                sheet.Read();
                while (!sheet.EOF && !(sheet.NodeType == XmlNodeType.EndElement && sheet.Depth == cellDepth))
                {
                    if (sheet.NodeType == XmlNodeType.Element && sheet.LocalName == "v") { value = sheet.ReadElementContentAsString(); continue; }
                    if (sheet.NodeType == XmlNodeType.Element && sheet.LocalName == "is") { text.Clear(); CollectText(sheet, text); value = text.ToString(); }
                    sheet.Read();
                }
            }
            if (value is null) continue;
            if (type == "s")
            {
                value = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < sharedStrings.Count
                    ? sharedStrings[index]
                    : throw SubmissionRejectedException.Of(RejectionReason.Unreadable, $"row {row} refers to a shared string that does not exist", row);
            }
            if (value.Length == 0) continue;
            any = true;
            if (headerRow)
            {
                while (header.Count <= column) header.Add(null);
                header[column] = value;
            }
            else if (column >= cells.Length || itemOfColumn[column] < 0)
            {
                MalformedReason = $"has a value in column {column + 1}, which has no header";
            }
            else
            {
                cells[column] = type is null or "n" ? FromNumber(value, items[itemOfColumn[column]]) : value;
            }
        }
        return any;
    }

    // Excel keeps dates as serial numbers; the entry says which columns are dates, so no style table is needed.
    private static string FromNumber(string value, DataItem item)
    {
        if (item.Type is not (DataItemType.Date or DataItemType.DateTime)
            || !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) || serial is < 1 or > 2958465) return value;
        var moment = DateTime.FromOADate(serial);
        return item.Type == DataItemType.Date
            ? moment.ToString(item.Format ?? "yyyy-MM-dd", CultureInfo.InvariantCulture)
            : moment.ToString(item.Format ?? "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
    }

    private static int? ColumnOf(string? reference)
    {
        if (string.IsNullOrEmpty(reference)) return null;
        var column = 0;
        var letters = 0;
        foreach (var c in reference)
        {
            if (c is >= 'A' and <= 'Z') { column = column * 26 + (c - 'A' + 1); letters++; }
            else break;
        }
        return letters is > 0 and <= 3 ? column - 1 : null;
    }

    protected override void Dispose(bool disposing)
    {
        if (!disposing) return;
        sheet?.Dispose();
        zip?.Dispose();
    }
}
