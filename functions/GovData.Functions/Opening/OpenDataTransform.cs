using System.Buffers;
using System.Text;
using GovData.Domain;
using GovData.Domain.Opening;
using Sylvan.Data.Csv;

namespace GovData.Functions.Opening;

/// <summary>
/// Streams a curated UTF-8 CSV through a desensitization plan into the published CSV (and JSON Lines), scanning every
/// written value as it goes. Memory stays flat: one row of input, one value buffer, and output buffers flushed at a threshold.
/// </summary>
public static class OpenDataTransform
{
    private const int MaxErrors = 20;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Desensitizes <paramref name="curatedCsv"/> with <paramref name="plan"/> into the outputs; see <see cref="TransformResult"/>.</summary>
    public static Task<TransformResult> RunAsync(Stream curatedCsv, DesensitizationPlan plan, Pseudonymizer? pseudonymizer,
        Stream csvOutput, Stream? jsonLinesOutput, TransformOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return RunCoreAsync(curatedCsv, header => (CompiledDesensitizationPlan.Create(plan, header, pseudonymizer, out var e), e),
            csvOutput, jsonLinesOutput, options ?? new TransformOptions(), ct);
    }

    /// <summary>Copies the CSV through the same reader and writers without a plan or scan: the benchmark's baseline.</summary>
    public static Task<TransformResult> CopyAsync(Stream curatedCsv, Stream csvOutput, Stream? jsonLinesOutput, CancellationToken ct = default)
    {
        static (CompiledDesensitizationPlan?, IReadOnlyList<ValidationError>) PassThrough(IReadOnlyList<string> header)
        {
            var plan = new DesensitizationPlan { Items = [.. header.Select(h => new ItemDesensitization { Item = h.Trim(), Method = DesensitizationMethod.None })] };
            return (CompiledDesensitizationPlan.Create(plan, header, null, out var e), e);
        }
        return RunCoreAsync(curatedCsv, PassThrough, csvOutput, jsonLinesOutput, new TransformOptions { Scan = false }, ct);
    }

    private static async Task<TransformResult> RunCoreAsync(Stream input,
        Func<IReadOnlyList<string>, (CompiledDesensitizationPlan?, IReadOnlyList<ValidationError>)> compile,
        Stream csvOutput, Stream? jsonOutput, TransformOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(csvOutput);
        long rows = 0;
        try
        {
            using var text = new StreamReader(input, StrictUtf8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
            await using var csv = await CsvDataReader.CreateAsync(text, new CsvDataReaderOptions
            {
                HasHeaders = true,
                Delimiter = ',',
                BufferSize = 64 * 1024,
                MaxBufferSize = options.MaxRowChars,
            }, ct);

            var header = new string[csv.FieldCount];
            for (var i = 0; i < header.Length; i++) header[i] = csv.GetName(i);
            var (plan, planErrors) = compile(header);
            if (plan is null) return TransformResult.Invalid(0, planErrors);

            var columns = plan.Columns.ToArray();
            var csvBuffer = new ArrayBufferWriter<byte>(options.FlushThreshold + 64 * 1024);
            var csvWriter = new CsvRowWriter(csvBuffer);
            var jsonBuffer = jsonOutput is null ? null : new ArrayBufferWriter<byte>(options.FlushThreshold + 64 * 1024);
            var jsonWriter = jsonBuffer is null ? null : new JsonLinesRowWriter(jsonBuffer, plan.OutputColumns);
            var scanner = new PublishScanner(options.MaxFindings);
            var errors = new List<ValidationError>();
            var value = new char[256];

            if (options.ByteOrderMark) csvWriter.WriteByteOrderMark();
            foreach (var name in plan.OutputColumns) csvWriter.WriteField(name);
            csvWriter.EndRow();

            while (await csv.ReadAsync(ct))
            {
                rows++;
                if (csv.RowFieldCount != columns.Length)
                {
                    // A short or long row would shift values into the wrong column's strategy: refuse the file, name the row.
                    if (errors.Count < MaxErrors) errors.Add(new($"row[{rows}]", $"has {csv.RowFieldCount} fields; the header has {columns.Length}"));
                    continue;
                }
                for (var i = 0; i < columns.Length; i++)
                {
                    var column = columns[i];
                    if (column.Desensitizer is not { } desensitizer) continue;
                    ReadOnlySpan<char> output = csv.GetFieldSpan(i);
                    if (!desensitizer.IsIdentity)
                    {
                        var max = desensitizer.MaxLength(output.Length);
                        if (value.Length < max) value = new char[Math.Max(max, value.Length * 2)];
                        output = value.AsSpan(0, desensitizer.Write(output, value));
                    }
                    if (column.Scan && options.Scan) scanner.Scan(rows, column.Name, output);
                    csvWriter.WriteField(output);
                    jsonWriter?.WriteField(output);
                }
                csvWriter.EndRow();
                jsonWriter?.EndRow();
                if (csvBuffer.WrittenCount >= options.FlushThreshold) await FlushAsync(csvBuffer, csvOutput, ct);
                if (jsonBuffer is not null && jsonBuffer.WrittenCount >= options.FlushThreshold) await FlushAsync(jsonBuffer, jsonOutput!, ct);
            }
            await FlushAsync(csvBuffer, csvOutput, ct);
            await csvOutput.FlushAsync(ct);
            if (jsonBuffer is not null)
            {
                await FlushAsync(jsonBuffer, jsonOutput!, ct);
                await jsonOutput!.FlushAsync(ct);
            }

            if (errors.Count > 0) return TransformResult.Invalid(rows, errors);
            return new TransformResult(scanner.IsClean ? TransformOutcome.Clean : TransformOutcome.Refused, rows, plan.OutputColumns,
                [], scanner.Findings, scanner.FindingCount);
        }
        catch (DecoderFallbackException)
        {
            return TransformResult.Invalid(rows, [new("file", $"is not valid UTF-8 (near data row {rows + 1}); convert it to UTF-8 before publishing")]);
        }
        catch (CsvRecordTooLargeException)
        {
            return TransformResult.Invalid(rows, [new("file", $"data row {rows + 1} is longer than {options.MaxRowChars} characters")]);
        }
        catch (CsvMissingHeadersException)
        {
            return TransformResult.Invalid(0, [new("file", "is empty: the first line must be the header")]);
        }
    }

    private static async ValueTask FlushAsync(ArrayBufferWriter<byte> buffer, Stream stream, CancellationToken ct)
    {
        if (buffer.WrittenCount == 0) return;
        await stream.WriteAsync(buffer.WrittenMemory, ct);
        buffer.ResetWrittenCount();
    }
}
