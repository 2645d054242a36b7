using GovData.Domain.Aggregation;
using GovData.Domain.Calendar;
using GovData.Domain.Catalog;
using GovData.Functions.Aggregation.Reading;

namespace GovData.Functions.Aggregation;

/// <summary>
/// Checks one submitted file against its entry's data items in a single streaming pass: hashes the source bytes for
/// lineage, reports progress, builds the quality report with the entry's threshold, and writes the passing rows in
/// normalized form. Input that cannot be read becomes a structured rejection in the report, never an exception;
/// only cancellation and I/O failures of the source stream itself propagate (the caller retries those).
/// </summary>
public sealed class SubmissionProcessor(TimeProvider time, SubmissionLimits limits)
{
    /// <summary>Runs <see cref="Process"/> off the caller's thread (reading is synchronous: it is CPU-bound and faster so).</summary>
    public Task<SubmissionResult> ProcessAsync(Stream source, SubmissionDeclaration declared, IReadOnlyList<DataItem> items,
        AggregationSettings settings, Stream? normalizedOutput, IProgress<SubmissionProgress>? progress, CancellationToken cancellationToken) =>
        Task.Run(() => Process(source, declared, items, settings, normalizedOutput, progress, cancellationToken), cancellationToken);

    /// <summary>Processes <paramref name="source"/> (read to its end unless it is over the size limit).</summary>
    public SubmissionResult Process(Stream source, SubmissionDeclaration declared, IReadOnlyList<DataItem> items,
        AggregationSettings settings, Stream? normalizedOutput, IProgress<SubmissionProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(declared);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(settings);
        var total = declared.Length ?? (source.CanSeek ? source.Length - source.Position : null);
        var validator = new RowValidator(items, settings, ChinaTime.DateOf(time.GetUtcNow()));
        using var hashed = new SourceStream(source, limits.MaxFileBytes);
        string? encoding = null;
        long written = 0;
        string? sha = null;
        InputRejection? rejection = null;
        Stream? spool = null;
        try
        {
            if (total > limits.MaxFileBytes)
                throw SubmissionRejectedException.Of(RejectionReason.TooLarge, $"the file is {total:N0} bytes, larger than the limit of {limits.MaxFileBytes:N0} bytes");
            RowReader reader;
            switch (declared.Format)
            {
                case SubmissionFormat.Csv:
                    var (text, name) = TextDecoding.Open(hashed, declared.Encoding);
                    encoding = name;
                    reader = new CsvRowReader(text, hashed, total, items, limits);
                    break;
                case SubmissionFormat.JsonLines:
                    if (declared.Encoding == SubmissionEncoding.Gb18030)
                        throw SubmissionRejectedException.Of(RejectionReason.InvalidEncoding, "JSON Lines must be UTF-8 (RFC 8259); GB18030 was declared");
                    encoding = "utf-8";
                    reader = new JsonLinesRowReader(hashed, total, items, limits);
                    break;
                case SubmissionFormat.Xlsx:
                    // A zip is read from its end (central directory): hash it in one sequential pass, then read it seekable.
                    spool = Seekable(source, hashed);
                    reader = new XlsxRowReader(spool, items, limits);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(declared), declared.Format, "unknown format");
            }
            using (reader)
            {
                using var writer = normalizedOutput is null ? null : new NormalizedCsvWriter(normalizedOutput, validator.Checks);
                var nextProgress = limits.ProgressEveryRows;
                while (ReadRow(reader, validator))
                {
                    if (reader.MalformedReason is { } reason) validator.Malformed(reader.RowNumber, reason);
                    else if (validator.Validate(reader.RowNumber, reader)) writer?.WriteRow(reader);
                    if (validator.RowsTotal == 1000 && reader.Position is (> 0 and var read1000, { } size))
                        validator.ExpectRows(Math.Min(size / Math.Max(1, read1000 / 1000) * 11 / 10, int.MaxValue));
                    if (validator.RowsTotal >= nextProgress)
                    {
                        nextProgress += limits.ProgressEveryRows;
                        cancellationToken.ThrowIfCancellationRequested();
                        var (read, all) = reader.Position;
                        progress?.Report(new SubmissionProgress(validator.RowsTotal, read, all));
                    }
                }
                writer?.Flush();
                written = writer?.Rows ?? 0;
                var (end, _) = reader.Position;
                progress?.Report(new SubmissionProgress(validator.RowsTotal, end, end));
            }
        }
        catch (SubmissionRejectedException e)
        {
            rejection = e.Rejection;
        }
        finally
        {
            spool?.Dispose();
        }
        if (rejection?.Reason != RejectionReason.TooLarge)
        {
            try { hashed.Drain(); sha = hashed.Sha256(); }
            catch (SubmissionRejectedException e) { rejection ??= e.Rejection; }
        }
        return new SubmissionResult
        {
            Report = validator.Complete(rejection),
            SourceSha256 = sha,
            SourceBytes = hashed.BytesRead,
            Encoding = encoding,
            NormalizedRows = rejection is null ? written : 0,
        };
    }

    // Errors that surface from inside the CSV and text readers while reading on (decoding, quoting) are bad input.
    private static bool ReadRow(RowReader reader, RowValidator validator)
    {
        try { return reader.Read(); }
        catch (Exception e) when (e is not SubmissionRejectedException && CsvErrors.Rejection(e, validator.RowsTotal + 2) is { } rejection)
        {
            throw new SubmissionRejectedException(rejection);
        }
    }

    private static Stream Seekable(Stream source, SourceStream hashed)
    {
        if (source.CanSeek)
        {
            var origin = source.Position;
            hashed.Drain();
            source.Position = origin;
            return new NonClosing(source);
        }
        var file = new FileStream(Path.Combine(Path.GetTempPath(), $"govdata-xlsx-{Guid.NewGuid():N}.tmp"), FileMode.CreateNew,
            FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        try
        {
            hashed.CopyTo(file);
            file.Position = 0;
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private sealed class NonClosing(Stream inner) : Stream
    {
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override int Read(Span<byte> buffer) => inner.Read(buffer);
        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => inner.Position = value; }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
