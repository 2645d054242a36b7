using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace GovData.Functions.Opening;

/// <summary>Writes one JSON object per row and line (JSON Lines), property names pre-encoded, values as strings.</summary>
internal sealed class JsonLinesRowWriter
{
    // Chinese stays readable; HTML-sensitive characters are still escaped because files may be shown in a browser.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All), SkipValidation = true };
    private readonly IBufferWriter<byte> _output;
    private readonly Utf8JsonWriter _writer;
    private readonly JsonEncodedText[] _names;
    private int _field;

    public JsonLinesRowWriter(IBufferWriter<byte> output, IReadOnlyList<string> columns)
    {
        _output = output;
        _writer = new Utf8JsonWriter(output, Options);
        _names = [.. columns.Select(c => JsonEncodedText.Encode(c, Options.Encoder))];
    }

    /// <summary>Writes the next field of the current row (fields come in column order).</summary>
    public void WriteField(ReadOnlySpan<char> value)
    {
        if (_field == 0) _writer.WriteStartObject();
        _writer.WriteString(_names[_field++], value);
    }

    /// <summary>Ends the current row's object and line.</summary>
    public void EndRow()
    {
        if (_field == 0) _writer.WriteStartObject();
        _writer.WriteEndObject();
        _writer.Flush();
        _writer.Reset(_output);
        _output.GetSpan(1)[0] = (byte)'\n';
        _output.Advance(1);
        _field = 0;
    }
}
