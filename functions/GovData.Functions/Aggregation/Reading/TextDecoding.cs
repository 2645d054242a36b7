using System.Buffers;
using System.Text;
using System.Text.Unicode;
using GovData.Domain.Aggregation;

namespace GovData.Functions.Aggregation.Reading;

/// <summary>
/// Opens a CSV submission as text in its declared or detected encoding. Invalid bytes decode to <see cref="Invalid"/>
/// (a noncharacter no valid export contains) rather than throwing, because the decoder runs a buffer ahead of the
/// parser: the CSV reader finds the marker in the exact row and rejects the file there.
/// </summary>
internal static class TextDecoding
{
    /// <summary>What an invalid byte sequence decodes to.</summary>
    public const char Invalid = '\uFFFF';

    /// <summary>How much is looked at to detect the encoding.</summary>
    public const int DetectionBytes = 64 * 1024;

    private static readonly Encoding StrictUtf8 = Encoding.GetEncoding("utf-8", EncoderFallback.ExceptionFallback, new DecoderReplacementFallback(Invalid.ToString()));
    private static readonly Lazy<Encoding> StrictGb18030 = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(54936, EncoderFallback.ExceptionFallback, new DecoderReplacementFallback(Invalid.ToString()));
    });

    /// <summary>The strict GB18030 encoding (GBK and GB2312 are subsets of it).</summary>
    public static Encoding Gb18030 => StrictGb18030.Value;

    /// <summary>Reads the first bytes, decides the encoding and returns a reader over the whole stream (BOM skipped).</summary>
    public static (TextReader Reader, string EncodingName) Open(Stream source, SubmissionEncoding declared)
    {
        var prefix = new byte[DetectionBytes];
        var filled = 0;
        int n;
        while (filled < prefix.Length && (n = source.Read(prefix, filled, prefix.Length - filled)) > 0) filled += n;
        var head = prefix.AsMemory(0, filled);
        var atEnd = filled < prefix.Length;

        if (head.Span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.Span.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            throw SubmissionRejectedException.Of(RejectionReason.InvalidEncoding, "the file is UTF-16; save it as UTF-8 or GB18030/GBK CSV");
        var bom = head.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]);
        Encoding encoding;
        switch (declared)
        {
            case SubmissionEncoding.Utf8:
                encoding = StrictUtf8;
                break;
            case SubmissionEncoding.Gb18030:
                if (bom) throw SubmissionRejectedException.Of(RejectionReason.InvalidEncoding, "the file starts with a UTF-8 byte order mark but was declared GB18030/GBK");
                encoding = Gb18030;
                break;
            default:
                encoding = bom || IsUtf8(head.Span, atEnd) ? StrictUtf8 : Gb18030;
                break;
        }
        if (bom) head = head[3..];
        var reader = new StreamReader(new PrefixedStream(head, source), encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
        return (reader, encoding.CodePage == 54936 ? "gb18030" : "utf-8");
    }

    // A sequence cut at the end of the sample is fine unless the sample is the whole file.
    private static bool IsUtf8(ReadOnlySpan<byte> head, bool isWholeFile)
    {
        var chars = ArrayPool<char>.Shared.Rent(head.Length + 1);
        try
        {
            var status = Utf8.ToUtf16(head, chars, out _, out _, replaceInvalidSequences: false, isFinalBlock: isWholeFile);
            return status is OperationStatus.Done or OperationStatus.NeedMoreData;
        }
        finally { ArrayPool<char>.Shared.Return(chars); }
    }
}
