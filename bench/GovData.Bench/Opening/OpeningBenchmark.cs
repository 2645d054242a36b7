using System.Diagnostics;
using System.Globalization;
using System.Text;
using GovData.Domain.Opening;
using GovData.Functions.Opening;

namespace GovData.Bench.Opening;

/// <summary>Desensitization throughput against a plain copy through the same CSV reader and writers, with and without the scanner.</summary>
public sealed class OpeningBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "opening";

    /// <inheritdoc />
    public string Description => "desensitize the 1,000,000-row person/organization CSV: rows/s, ratio to a plain copy, scanner separately ([--rows N] [--repeat N])";

    /// <inheritdoc />
    public async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var rows = Option(args, "--rows", 1_000_000);
        var repeat = Option(args, "--repeat", 3);
        var watch = Stopwatch.StartNew();
        var path = PersonSampleData.Ensure(rows);
        Console.WriteLine($"input: {path} ({new FileInfo(path).Length / 1e6:N1} MB, {rows:N0} rows; ready in {watch.Elapsed.TotalSeconds:N1} s); best of {repeat}");

        var pseudonymizer = new Pseudonymizer(Encoding.UTF8.GetBytes("benchmark-secret-0123456789abcdefghij"), "open-350800-bench");
        var mask = Plan(hashId: false);
        var hash = Plan(hashId: true);
        var noScan = new TransformOptions { Scan = false };

        var runs = new (string Label, Func<Stream, Task<TransformResult>> Run)[]
        {
            ("copy CSV -> CSV (baseline)", s => OpenDataTransform.CopyAsync(s, Stream.Null, null, cancellationToken)),
            ("desensitize CSV -> CSV, no scan", s => OpenDataTransform.RunAsync(s, mask, pseudonymizer, Stream.Null, null, noScan, cancellationToken)),
            ("desensitize CSV -> CSV + scan", s => OpenDataTransform.RunAsync(s, mask, pseudonymizer, Stream.Null, null, null, cancellationToken)),
            ("  same, ID keyed hash instead of mask", s => OpenDataTransform.RunAsync(s, hash, pseudonymizer, Stream.Null, null, null, cancellationToken)),
            ("copy CSV -> CSV + JSON Lines", s => OpenDataTransform.CopyAsync(s, Stream.Null, Stream.Null, cancellationToken)),
            ("desensitize -> CSV + JSON Lines + scan", s => OpenDataTransform.RunAsync(s, mask, pseudonymizer, Stream.Null, Stream.Null, null, cancellationToken)),
        };

        // Warm-up on a small file so tiered JIT reaches optimized code for every path before anything is timed.
        var warmUp = PersonSampleData.Ensure(Math.Min(rows, 50_000));
        for (var pass = 0; pass < 3; pass++)
            foreach (var (_, run) in runs)
            {
                await using var input = File.OpenRead(warmUp);
                await run(input);
            }

        // Round robin: each round runs every configuration once, so load from other processes hits all of them alike; best of the rounds.
        var seconds = Enumerable.Repeat(double.MaxValue, runs.Length).ToArray();
        var allocated = new long[runs.Length];
        var results = new TransformResult[runs.Length];
        for (var round = 0; round < repeat; round++)
            for (var i = 0; i < runs.Length; i++)
            {
                await using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);
                var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
                var sw = Stopwatch.StartNew();
                results[i] = await runs[i].Run(input);
                sw.Stop();
                allocated[i] = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
                seconds[i] = Math.Min(seconds[i], sw.Elapsed.TotalSeconds);
            }
        for (var i = 0; i < runs.Length; i++)
        {
            var result = results[i];
            if (result.Rows != rows || result.Outcome == TransformOutcome.Invalid) throw new InvalidOperationException($"{runs[i].Label}: {result.Outcome}, {result.Rows} rows");
            var outcome = result.Outcome == TransformOutcome.Clean ? "clean" : $"{result.Outcome}, {result.FindingCount} findings";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{runs[i].Label,-42} {rows / seconds[i],12:N0} rows/s {seconds[i],7:N2} s  {allocated[i] / (double)rows,8:N1} B/row allocated  ({outcome})"));
        }
        var (copy, masked, scanned, hashed, copyBoth, both) = (seconds[0], seconds[1], seconds[2], seconds[3], seconds[4], seconds[5]);

        Console.WriteLine();
        Console.WriteLine($"ratio desensitize / copy (CSV, no scan):        {masked / copy:N2}x");
        Console.WriteLine($"ratio desensitize + scan / copy (CSV):          {scanned / copy:N2}x   (scan adds {(scanned - masked) / copy:N2}x of a copy)");
        Console.WriteLine($"ratio with keyed hash + scan / copy (CSV):      {hashed / copy:N2}x");
        Console.WriteLine($"ratio desensitize + scan / copy (CSV + JSONL):  {both / copyBoth:N2}x");
    }

    // The plan a department would submit for this file: every personal item masked or generalized; the credit code is
    // an organization's public identifier and may look like a number, so the scanner is told to leave it alone.
    private static DesensitizationPlan Plan(bool hashId) => new()
    {
        Items =
        [
            new() { Item = "姓名", Method = DesensitizationMethod.Mask, Mask = MaskStyle.PersonalName },
            hashId
                ? new() { Item = "公民身份号码", Method = DesensitizationMethod.KeyedHash }
                : new() { Item = "公民身份号码", Method = DesensitizationMethod.Mask, Mask = MaskStyle.ResidentIdNumber },
            new() { Item = "手机号码", Method = DesensitizationMethod.Mask, Mask = MaskStyle.PhoneNumber },
            new() { Item = "地址", Method = DesensitizationMethod.Generalize, Generalization = Generalization.District },
            new() { Item = "出生日期", Method = DesensitizationMethod.Generalize, Generalization = Generalization.Year },
            new() { Item = "统一社会信用代码", Method = DesensitizationMethod.None, ScanAllowed = true },
            new() { Item = "单位名称", Method = DesensitizationMethod.None },
            new() { Item = "银行卡号", Method = DesensitizationMethod.Mask, Mask = MaskStyle.BankCard },
            new() { Item = "电子邮箱", Method = DesensitizationMethod.Mask, Mask = MaskStyle.Email },
            new() { Item = "备注", Method = DesensitizationMethod.Mask, Mask = MaskStyle.FreeText },
        ],
    };

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
