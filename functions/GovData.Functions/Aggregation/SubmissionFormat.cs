namespace GovData.Functions.Aggregation;

/// <summary>The file formats a department may submit.</summary>
public enum SubmissionFormat
{
    /// <summary>RFC 4180 CSV with a header row of data item names.</summary>
    Csv,
    /// <summary>Excel 2007+ workbook; the first worksheet, its first non-empty row the header.</summary>
    Xlsx,
    /// <summary>One JSON object per line, property names being data item names; UTF-8 only (RFC 8259).</summary>
    JsonLines,
}

/// <summary>The text encoding of a CSV submission, as declared by the department.</summary>
public enum SubmissionEncoding
{
    /// <summary>Detect: a UTF-8 BOM means UTF-8; else the first 64 KiB valid as strict UTF-8 means UTF-8; else GB18030.</summary>
    Detect,
    /// <summary>UTF-8 with or without BOM.</summary>
    Utf8,
    /// <summary>GB18030, which includes GBK and GB2312 (what Chinese Excel and WPS export as "CSV").</summary>
    Gb18030,
}

/// <summary>What the department says it sent; <paramref name="Length"/> (e.g. the blob's size) drives the progress estimate.</summary>
public sealed record SubmissionDeclaration(SubmissionFormat Format, SubmissionEncoding Encoding = SubmissionEncoding.Detect, long? Length = null);
