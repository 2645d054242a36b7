using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using GovData.Domain.Aggregation;
using GovData.Functions.Aggregation;
using Microsoft.Extensions.Time.Testing;
using static GovData.Functions.Tests.Aggregation.SubmissionFiles;

namespace GovData.Functions.Tests.Aggregation;

/// <summary>The submission processor over in-memory files: formats, encodings, bad input, quality rules and thresholds (no emulators).</summary>
public class AggregationSubmissionProcessorTests
{
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.FromHours(8)));

    static AggregationSubmissionProcessorTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static SubmissionResult Process(Stream file, SubmissionFormat format = SubmissionFormat.Csv,
        SubmissionEncoding encoding = SubmissionEncoding.Detect, SubmissionLimits? limits = null, AggregationSettings? settings = null,
        Stream? output = null, IProgress<SubmissionProgress>? progress = null, CancellationToken cancellationToken = default) =>
        new SubmissionProcessor(Time, limits ?? SubmissionLimits.Default)
            .Process(file, new SubmissionDeclaration(format, encoding), People, settings ?? AggregationSettings.Default, output, progress, cancellationToken);

    private static InputRejection Rejected(SubmissionResult result, RejectionReason reason)
    {
        Assert.Equal(QualityDecision.Rejected, result.Report.Decision);
        var rejection = Assert.IsType<InputRejection>(result.Report.Rejection);
        Assert.Equal(reason, rejection.Reason);
        Assert.Equal(0, result.NormalizedRows);
        return rejection;
    }

    private sealed class Recorder : IProgress<SubmissionProgress>
    {
        public List<SubmissionProgress> Reports { get; } = [];
        public void Report(SubmissionProgress value) => Reports.Add(value);
    }

    [Fact]
    public void Valid_utf8_csv_is_accepted_with_normalized_rows_and_the_source_hash()
    {
        var bytes = Encoding.UTF8.GetBytes(Csv(50).Replace("20240101", "20240102"));
        using var output = new MemoryStream();
        var result = Process(new MemoryStream(bytes), output: output);

        Assert.Equal(QualityDecision.Accepted, result.Report.Decision);
        Assert.Null(result.Report.Rejection);
        Assert.Equal(50, result.Report.RowsTotal);
        Assert.Equal(50, result.Report.RowsPassed);
        Assert.Equal(1.0, result.Report.PassRate);
        Assert.Empty(result.Report.Counts);
        Assert.Equal("utf-8", result.Encoding);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), result.SourceSha256);
        Assert.Equal(bytes.Length, result.SourceBytes);
        Assert.Equal(50, result.NormalizedRows);
        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(51, lines.Length);
        Assert.Equal(Header, lines[0]);
        Assert.Contains(",2024-01-02,", lines[1]); // dates normalized from the item's yyyyMMdd
        Assert.DoesNotContain((byte)0xEF, output.ToArray().Take(1));
    }

    [Fact]
    public void Columns_may_come_in_any_order_and_values_are_trimmed_for_typed_items()
    {
        var csv = "姓名,联系电话,公民身份号码,性别,登记日期,单位统一社会信用代码\n" + $"\"李, 四\",  13912345678 ,{Id(1)},女,20240101,{CreditCode(1)}\n";
        using var output = new MemoryStream();
        var result = Process(Utf8(csv), output: output);
        Assert.Equal(1, result.Report.RowsPassed);
        var row = Encoding.UTF8.GetString(output.ToArray()).Split('\n')[1];
        Assert.Equal($"{Id(1)},\"李, 四\",女,{CreditCode(1)},2024-01-01,13912345678", row);
    }

    [Fact]
    public void A_utf8_bom_is_detected_and_skipped()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Csv(3))).ToArray();
        var result = Process(new MemoryStream(bytes));
        Assert.Equal(QualityDecision.Accepted, result.Report.Decision);
        Assert.Equal("utf-8", result.Encoding);
    }

    [Fact]
    public void Gbk_bytes_are_detected_as_gb18030_and_read_correctly()
    {
        var text = Csv(20, n => Row(n, name: n == 7 ? "" : "欧阳娜娜", sex: n == 3 ? "未知" : "女"));
        var gbk = Encoding.GetEncoding(936).GetBytes(text);
        Assert.False(System.Text.Unicode.Utf8.IsValid(gbk)); // real GBK: not UTF-8

        var result = Process(new MemoryStream(gbk));

        Assert.Equal("gb18030", result.Encoding);
        Assert.Null(result.Report.Rejection);
        Assert.Equal(20, result.Report.RowsTotal);
        Assert.Equal(18, result.Report.RowsPassed);
        var sex = Assert.Single(result.Report.Examples, e => e.Rule == QualityRule.Enumeration);
        Assert.Equal("性别", sex.Item);
        Assert.Equal("未知", sex.Value);
        Assert.Equal(5, sex.Row); // header is row 1, data row n is row n + 2
        Assert.Equal(9, Assert.Single(result.Report.Examples, e => e.Rule == QualityRule.Required).Row);
    }

    [Fact]
    public void Gbk_declared_explicitly_is_read_as_gb18030()
    {
        var result = Process(new MemoryStream(Encoding.GetEncoding(936).GetBytes(Csv(5))), encoding: SubmissionEncoding.Gb18030);
        Assert.Equal(QualityDecision.Accepted, result.Report.Decision);
        Assert.Equal(5, result.Report.RowsPassed);
    }

    [Fact]
    public void Gbk_bytes_in_a_file_declared_utf8_are_a_wrong_encoding()
    {
        var result = Process(new MemoryStream(Encoding.GetEncoding(936).GetBytes(Csv(5))), encoding: SubmissionEncoding.Utf8);
        var rejection = Rejected(result, RejectionReason.InvalidEncoding);
        Assert.Contains("encoding", rejection.Message);
        Assert.Equal(1, rejection.Row); // the Chinese header is already invalid UTF-8
        Assert.NotNull(result.SourceSha256); // the raw upload is still identified for the department to inspect
    }

    [Fact]
    public void Gbk_bytes_after_an_ascii_start_are_a_wrong_encoding_with_the_row()
    {
        var ascii = Csv(1000, n => Row(n, name: "Zhang San", sex: "男").Replace("男", "M"));
        var rest = string.Concat(Enumerable.Range(1000, 50).Select(n => Row(n, name: "张三") + "\n"));
        // The first 64 KiB (Chinese header included) are UTF-8, so detection chooses UTF-8; the GBK rows after it cannot be decoded.
        var bytes = Encoding.UTF8.GetBytes(ascii).Concat(Encoding.GetEncoding(936).GetBytes(rest)).ToArray();
        var result = Process(new MemoryStream(bytes));
        var rejection = Rejected(result, RejectionReason.InvalidEncoding);
        Assert.Equal(1002, rejection.Row); // the first GBK row: header row 1, 1000 UTF-8 rows
    }

    [Fact]
    public void Utf16_is_refused_with_advice()
    {
        var result = Process(new MemoryStream(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Csv(2))).ToArray()));
        Assert.Contains("UTF-16", Rejected(result, RejectionReason.InvalidEncoding).Message);
    }

    [Fact]
    public void Wrong_headers_name_the_missing_and_unknown_columns()
    {
        var csv = "公民身份号码,名字,性别,单位统一社会信用代码,登记日期,联系电话,备注\n" + Row(1) + ",x\n";
        var rejection = Rejected(Process(Utf8(csv)), RejectionReason.HeaderMismatch);
        Assert.Equal(["姓名"], rejection.MissingHeaders);
        Assert.Equal(["名字", "备注"], rejection.UnknownHeaders);
        Assert.Equal(1, rejection.Row);
        Assert.Contains("姓名", rejection.Message);
    }

    [Fact]
    public void A_repeated_header_is_refused()
    {
        var csv = Header + ",姓名\n" + Row(1) + ",x\n";
        var rejection = Rejected(Process(Utf8(csv)), RejectionReason.HeaderMismatch);
        Assert.Contains("姓名 (repeated)", rejection.UnknownHeaders!);
    }

    [Fact]
    public void An_unclosed_quote_at_the_end_is_refused()
    {
        var csv = Csv(3) + $"{Id(9)},\"王五,男,{CreditCode(9)},20240101,13912345678\n";
        var rejection = Process(Utf8(csv)).Report.Rejection;
        Assert.NotNull(rejection);
        Assert.Contains(rejection.Reason, new[] { RejectionReason.UnbalancedQuotes, RejectionReason.RecordTooLarge });
    }

    [Fact]
    public void Characters_after_a_closing_quote_are_refused_with_the_row()
    {
        var csv = Csv(3) + $"{Id(9)},\"王五\"x,男,{CreditCode(9)},20240101,13912345678\n";
        var rejection = Rejected(Process(Utf8(csv)), RejectionReason.UnbalancedQuotes);
        Assert.Equal(5, rejection.Row);
    }

    [Fact]
    public void An_unclosed_quote_in_a_large_file_stops_at_the_record_limit()
    {
        var csv = Csv(2) + $"{Id(9)},\"王五,男\n" + Csv(5000).Split('\n', 2)[1];
        var rejection = Rejected(Process(Utf8(csv), limits: SubmissionLimits.Default with { MaxRecordLength = 64 * 1024 }), RejectionReason.RecordTooLarge);
        Assert.Contains("quote", rejection.Message);
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_fields_is_a_malformed_row()
    {
        var csv = Csv(3) + $"{Id(9)},王五\n";
        var result = Process(Utf8(csv));
        Assert.Equal(4, result.Report.RowsTotal);
        var example = Assert.Single(result.Report.Examples);
        Assert.Equal(QualityRule.MalformedRow, example.Rule);
        Assert.Equal(5, example.Row);
        Assert.Contains("2 fields", example.Reason);
    }

    [Fact]
    public void An_empty_file_and_a_header_without_rows_are_refused()
    {
        Rejected(Process(new MemoryStream()), RejectionReason.Empty);
        Rejected(Process(Utf8(Header + "\n")), RejectionReason.Empty);
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_without_reading_it_all()
    {
        var bytes = Encoding.UTF8.GetBytes(Csv(2000));
        var limits = SubmissionLimits.Default with { MaxFileBytes = 100_000 };

        var seekable = Process(new MemoryStream(bytes), limits: limits);
        Rejected(seekable, RejectionReason.TooLarge);
        Assert.Equal(0, seekable.SourceBytes); // the declared length alone decides

        var streamed = Process(new ForwardOnly(bytes), limits: limits);
        Assert.Contains("100,000", Rejected(streamed, RejectionReason.TooLarge).Message);
        Assert.Null(streamed.SourceSha256);
        Assert.True(streamed.SourceBytes < 200_000);
    }

    [Fact]
    public void Both_identifier_checksums_are_checked_with_examples()
    {
        var csv = Csv(10, n => n switch
        {
            2 => Row(n, id: BadId(n)),
            4 => Row(n).Replace(CreditCode(n), CreditCode(n)[..17] + (CreditCode(n)[17] == '0' ? '1' : '0')),
            _ => Row(n),
        });
        var report = Process(Utf8(csv)).Report;
        Assert.Equal(1, report.CountOf(QualityRule.ResidentIdNumber));
        Assert.Equal(1, report.CountOf(QualityRule.UnifiedSocialCreditCode));
        Assert.Equal(4, report.Examples.Single(e => e.Rule == QualityRule.ResidentIdNumber).Row);
        var code = report.Examples.Single(e => e.Rule == QualityRule.UnifiedSocialCreditCode);
        Assert.Equal(6, code.Row);
        Assert.Contains("GB 32100", code.Reason);
        Assert.Equal(QualityDecision.Rejected, report.Decision); // 2 of 10 failed is over 5 %
    }

    [Theory]
    [InlineData(5, QualityDecision.Accepted)]
    [InlineData(6, QualityDecision.Rejected)]
    public void The_entry_threshold_decides(int badRows, QualityDecision expected)
    {
        var csv = Csv(100, n => n < badRows ? Row(n, sex: "?") : Row(n));
        using var output = new MemoryStream();
        var result = Process(Utf8(csv), output: output);
        Assert.Equal(expected, result.Report.Decision);
        Assert.Equal(badRows, result.Report.RowsFailed);
        Assert.Equal(0.05, result.Report.MaxFailedRowRatio);
        // The passing rows are written either way; the caller publishes them only when accepted.
        Assert.Equal(100 - badRows, result.NormalizedRows);

        var strict = Process(Utf8(csv), settings: AggregationSettings.Default with { MaxFailedRowRatio = 0 });
        Assert.Equal(QualityDecision.Rejected, strict.Report.Decision);
    }

    [Fact]
    public void Duplicate_keys_report_both_rows()
    {
        var csv = Csv(6, n => n == 4 ? Row(1, name: "李四") : Row(n));
        var report = Process(Utf8(csv)).Report;
        var duplicate = Assert.Single(report.Examples, e => e.Rule == QualityRule.DuplicateKey);
        Assert.Equal(6, duplicate.Row);
        Assert.Contains("公民身份号码 as row 3", duplicate.Reason);
        Assert.Equal(5, report.RowsPassed);
    }

    [Fact]
    public void Progress_reports_rows_and_an_estimate_of_the_total()
    {
        var bytes = Encoding.UTF8.GetBytes(Csv(5000));
        var recorder = new Recorder();
        Process(new MemoryStream(bytes), limits: SubmissionLimits.Default with { ProgressEveryRows = 1000 }, progress: recorder);
        Assert.True(recorder.Reports.Count >= 5);
        Assert.Equal(5000, recorder.Reports[^1].RowsDone);
        var middle = recorder.Reports[2];
        Assert.Equal(3000, middle.RowsDone);
        Assert.Equal(bytes.Length, middle.TotalBytes);
        // The reader reads ahead, so the estimate is low at first; it is never below the rows done.
        Assert.InRange(middle.EstimatedTotalRows!.Value, 3000, 5000);
    }

    [Fact]
    public void Cancellation_stops_processing()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.Throws<OperationCanceledException>(() => Process(Utf8(Csv(3000)), limits: SubmissionLimits.Default with { ProgressEveryRows = 1000 }, cancellationToken: cancel.Token));
    }

    [Fact]
    public void Xlsx_is_read_streaming_with_shared_strings_numbers_and_date_serials()
    {
        var rows = new List<object?[]> { Header.Split(',') };
        for (var n = 0; n < 30; n++)
            rows.Add([Id(n), n == 10 ? null : "张三", n == 20 ? "X" : "男", CreditCode(n), 45292 /* 2024-01-01 */, 13912340000L + n]);
        using var output = new MemoryStream();
        var bytes = Xlsx(rows).ToArray();
        var result = Process(new MemoryStream(bytes), SubmissionFormat.Xlsx, output: output);

        Assert.Null(result.Report.Rejection);
        Assert.Equal(30, result.Report.RowsTotal);
        Assert.Equal(28, result.Report.RowsPassed);
        Assert.Equal(12, result.Report.Examples.Single(e => e.Rule == QualityRule.Required).Row);
        Assert.Equal(22, result.Report.Examples.Single(e => e.Rule == QualityRule.Enumeration).Row);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), result.SourceSha256);
        Assert.Contains(",2024-01-01,1391234000", Encoding.UTF8.GetString(output.ToArray()));
    }

    [Fact]
    public void Xlsx_from_a_forward_only_stream_with_inline_strings_is_read()
    {
        List<object?[]> rows = [Header.Split(','), [Id(1), "王五", "女", CreditCode(1), "20240101", "0597-2345678"]];
        var bytes = Xlsx(rows, inlineStrings: true).ToArray();
        var result = Process(new ForwardOnly(bytes), SubmissionFormat.Xlsx);
        Assert.Equal(QualityDecision.Accepted, result.Report.Decision);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), result.SourceSha256);
    }

    [Fact]
    public void Xlsx_headers_are_checked_like_csv()
    {
        List<object?[]> rows = [["公民身份号码", "姓名"], [Id(1), "王五"]];
        var rejection = Rejected(Process(Xlsx(rows), SubmissionFormat.Xlsx), RejectionReason.HeaderMismatch);
        Assert.Contains("性别", rejection.MissingHeaders!);
    }

    [Fact]
    public void A_file_that_is_not_a_workbook_is_unreadable()
    {
        Rejected(Process(Utf8(Csv(3)), SubmissionFormat.Xlsx), RejectionReason.Unreadable);
        var zipWithoutWorkbook = new MemoryStream();
        using (var zip = new ZipArchive(zipWithoutWorkbook, ZipArchiveMode.Create, leaveOpen: true)) Add(zip, "readme.txt", "hello");
        zipWithoutWorkbook.Position = 0;
        Rejected(Process(zipWithoutWorkbook, SubmissionFormat.Xlsx), RejectionReason.Unreadable);
    }

    [Fact]
    public void A_zip_bomb_is_refused_by_its_compression_ratio()
    {
        var bomb = Xlsx([Header.Split(',')], zip =>
        {
            using var part = zip.CreateEntry("xl/media/padding.bin", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 64; i++) part.Write(zeros);
        });
        Assert.True(bomb.Length < 1 << 20);
        var rejection = Rejected(Process(bomb, SubmissionFormat.Xlsx), RejectionReason.ZipBomb);
        Assert.Contains("xl/media/padding.bin", rejection.Message);
    }

    [Fact]
    public void A_workbook_over_the_uncompressed_limit_is_refused()
    {
        var rows = new List<object?[]> { Header.Split(',') };
        for (var n = 0; n < 500; n++) rows.Add([Id(n), "张三", "男", CreditCode(n), "20240101", "13912345678"]);
        var result = Process(Xlsx(rows), SubmissionFormat.Xlsx, limits: SubmissionLimits.Default with { MaxXlsxUncompressedBytes = 20_000 });
        Rejected(result, RejectionReason.ZipBomb);
    }

    [Fact]
    public void Json_lines_are_checked_with_line_numbers()
    {
        var lines = new StringBuilder();
        for (var n = 0; n < 8; n++)
        {
            var line = n switch
            {
                2 => "[1,2]",
                3 => "{\"公民身份号码\": \"" + Id(n) + "\", \"姓名\": {\"x\": 1}}",
                4 => "",
                5 => "{\"公民身份号码\": \"" + BadId(n) + "\", \"姓名\": \"\\u5F20三\", \"登记日期\": 20240101, \"联系电话\": null}",
                6 => "{not json",
                _ => $"{{\"姓名\": \"张三\", \"公民身份号码\": \"{Id(n)}\", \"性别\": \"男\", \"单位统一社会信用代码\": \"{CreditCode(n)}\", \"登记日期\": \"20240101\"}}",
            };
            lines.Append(line).Append(n == 1 ? "\r\n" : "\n");
        }
        using var output = new MemoryStream();
        var result = Process(Utf8(lines.ToString()), SubmissionFormat.JsonLines, output: output);

        Assert.Null(result.Report.Rejection);
        Assert.Equal(7, result.Report.RowsTotal); // the blank line is not a row
        Assert.Equal(3, result.Report.RowsPassed);
        var malformed = result.Report.Examples.Where(e => e.Rule == QualityRule.MalformedRow).Select(e => e.Row).ToList();
        Assert.Equal([3L, 4L, 7L], malformed);
        Assert.Equal(6, result.Report.Examples.Single(e => e.Rule == QualityRule.ResidentIdNumber).Row);
        Assert.Contains($"{Id(0)},张三,男,{CreditCode(0)},2024-01-01,", Encoding.UTF8.GetString(output.ToArray()));
    }

    [Fact]
    public void Json_lines_with_an_unknown_property_or_invalid_utf8_are_refused()
    {
        var unknown = Rejected(Process(Utf8("{\"公民身份号码\": \"" + Id(1) + "\", \"住址\": \"x\"}\n"), SubmissionFormat.JsonLines), RejectionReason.HeaderMismatch);
        Assert.Equal(["住址"], unknown.UnknownHeaders);

        var gbk = Encoding.GetEncoding(936).GetBytes("{\"姓名\": \"张三\"}\n");
        Assert.Equal(1, Rejected(Process(new MemoryStream(gbk), SubmissionFormat.JsonLines), RejectionReason.InvalidEncoding).Row);
        Rejected(Process(Utf8("{}\n"), SubmissionFormat.JsonLines, SubmissionEncoding.Gb18030), RejectionReason.InvalidEncoding);
    }

    [Fact]
    public void A_json_line_over_the_limit_is_refused()
    {
        var line = "{\"姓名\": \"" + new string('张', 40_000) + "\"}\n";
        Rejected(Process(Utf8(line), SubmissionFormat.JsonLines, limits: SubmissionLimits.Default with { MaxRecordLength = 64 * 1024 }), RejectionReason.RecordTooLarge);
    }
}
