using System.Diagnostics;
using System.Globalization;
using System.Text;
using GovData.Domain.Aggregation;
using GovData.Functions.Aggregation;
using Sylvan.Data.Csv;

namespace GovData.Bench.Aggregation;

/// <summary>
/// Validation throughput of a 1,000,000-row submission on one core against the floor of only parsing the same file
/// with Sylvan (every field read as a span), with the memory each pass needed.
/// </summary>
public sealed class AggregationBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "aggregation";

    /// <inheritdoc />
    public string Description => "rows/s and MB/s of submission checks vs a bare Sylvan parse, peak memory ([--rows N], default 1000000; [--all-cores])";

    /// <inheritdoc />
    public Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var rows = args.Length >= 2 && args[0] == "--rows" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
        if (!args.Contains("--all-cores") && (OperatingSystem.IsLinux() || OperatingSystem.IsWindows()))
        {
            // One core, as the issue asks: the GC and the sampler share it too.
            Process.GetCurrentProcess().ProcessorAffinity = 1;
        }
        var path = SampleData.DefaultPath(rows);
        var generate = Stopwatch.StartNew();
        SampleData.EnsurePeopleCsv(path, rows);
        var bytes = new FileInfo(path).Length;
        Console.WriteLine($"file: {path} ({bytes / 1e6:N1} MB, {rows:N0} rows; ready in {generate.Elapsed.TotalSeconds:N1} s, not counted)");
        Console.WriteLine($"cores used: {(args.Contains("--all-cores") ? Environment.ProcessorCount : 1)}; server GC: {System.Runtime.GCSettings.IsServerGC}");

        var processor = new SubmissionProcessor(TimeProvider.System, SubmissionLimits.Default);
        SubmissionResult? last = null;
        var parse = Measure("bare parse (Sylvan, every field as span)", bytes, rows, () => BareParse(path));
        var check = Measure("validate (report only)", bytes, rows, () =>
        {
            using var file = Open(path);
            last = processor.Process(file, new SubmissionDeclaration(SubmissionFormat.Csv), SampleData.PeopleItems, AggregationSettings.Default, null, null, CancellationToken.None);
            return last.Report.RowsTotal;
        });
        var full = Measure("validate + hash + normalized output", bytes, rows, () =>
        {
            using var file = Open(path);
            last = processor.Process(file, new SubmissionDeclaration(SubmissionFormat.Csv), SampleData.PeopleItems, AggregationSettings.Default, Stream.Null, null, CancellationToken.None);
            return last.Report.RowsTotal;
        });
        if (args.Contains("--breakdown"))
        {
            Measure("  parse + SHA-256 of the bytes", bytes, rows, () => HashedParse(path));
            Measure("  validate without duplicate keys", bytes, rows, () =>
            {
                using var file = Open(path);
                return processor.Process(file, new SubmissionDeclaration(SubmissionFormat.Csv), SampleData.PeopleItems,
                    AggregationSettings.Default with { KeyItems = [] }, null, null, CancellationToken.None).Report.RowsTotal;
            });
            Measure("  parse + value checks only (no hash, no keys)", bytes, rows, () => ChecksOnly(path));
            Measure("  parse + duplicate keys only", bytes, rows, () => KeysOnly(path));
        }
        Console.WriteLine($"ratio validate / bare parse: {check / parse:N2}x; with normalized output: {full / parse:N2}x");
        var report = last!.Report;
        Console.WriteLine($"report: {report.RowsTotal:N0} rows, {report.RowsPassed:N0} passed, {report.RowsFailed:N0} failed ({1 - report.PassRate:P2}) -> {report.Decision}; sha256 {last.SourceSha256?[..16]}...");
        foreach (var count in report.Counts) Console.WriteLine($"  {count.Rule,-24} {count.Item,-12} {count.Count,10:N0}");
        Console.WriteLine($"process peak working set (whole run): {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:N0} MB");
        return Task.CompletedTask;
    }

    private static FileStream Open(string path) => new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);

    private static long BareParse(string path)
    {
        using var text = new StreamReader(Open(path), new UTF8Encoding(false), false, 1 << 16);
        using var csv = CsvDataReader.Create(text, new CsvDataReaderOptions { HasHeaders = true, Delimiter = ',', BufferSize = 1 << 16 });
        long sum = 0;
        while (csv.Read())
        {
            for (var i = 0; i < csv.RowFieldCount; i++) sum += csv.GetFieldSpan(i).Length;
        }
        return sum;
    }

    private static long HashedParse(string path)
    {
        using var file = Open(path);
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        int n;
        long total = 0;
        while ((n = file.Read(buffer)) > 0) { sha.AppendData(buffer.AsSpan(0, n)); total += n; }
        return total + BareParse(path);
    }

    private static long ChecksOnly(string path)
    {
        var checks = SampleData.PeopleItems.Select(i => new ItemCheck(i, DateOnly.FromDateTime(DateTime.Today))).ToArray();
        using var text = new StreamReader(Open(path), new UTF8Encoding(false), false, 1 << 16);
        using var csv = CsvDataReader.Create(text, new CsvDataReaderOptions { HasHeaders = true, Delimiter = ',', BufferSize = 1 << 16 });
        long failed = 0;
        while (csv.Read())
        {
            for (var i = 0; i < checks.Length; i++) if (checks[i].Check(csv.GetFieldSpan(i)) is not null) failed++;
        }
        return failed;
    }

    private static long KeysOnly(string path)
    {
        var index = new DuplicateKeyIndex();
        using var text = new StreamReader(Open(path), new UTF8Encoding(false), false, 1 << 16);
        using var csv = CsvDataReader.Create(text, new CsvDataReaderOptions { HasHeaders = true, Delimiter = ',', BufferSize = 1 << 16 });
        long duplicates = 0, row = 1;
        var hashWatch = new Stopwatch();
        var addWatch = new Stopwatch();
        while (csv.Read())
        {
            hashWatch.Start();
            var hasher = DuplicateKeyIndex.Hasher();
            hasher.Add(csv.GetFieldSpan(1));
            var key = hasher.Finish();
            hashWatch.Stop();
            addWatch.Start();
            if (index.Add(key, ++row) is not null) duplicates++;
            addWatch.Stop();
        }
        Console.WriteLine($"      hash {hashWatch.Elapsed.TotalSeconds:N2} s, index {addWatch.Elapsed.TotalSeconds:N2} s (stopwatch overhead included)");
        return duplicates;
    }

    // Best of three (after the first run warms the JIT and the page cache), with memory sampled during each run.
    private static double Measure(string name, long bytes, int rows, Func<long> run)
    {
        var best = double.MaxValue;
        long checksum = 0, peak = 0, allocated = 0;
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            using var process = Process.GetCurrentProcess();
            process.Refresh();
            var baseline = process.WorkingSet64;
            var sampledPeak = baseline;
            using var stop = new CancellationTokenSource();
            var sampler = new Thread(() =>
            {
                using var self = Process.GetCurrentProcess();
                while (!stop.IsCancellationRequested)
                {
                    self.Refresh();
                    sampledPeak = Math.Max(sampledPeak, self.WorkingSet64);
                    Thread.Sleep(20);
                }
            }) { IsBackground = true };
            sampler.Start();
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            checksum = run();
            watch.Stop();
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            stop.Cancel();
            sampler.Join();
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
            peak = Math.Max(peak, sampledPeak);
            Console.WriteLine($"   run {i + 1}: {watch.Elapsed.TotalSeconds:N2} s, working set {baseline / 1e6:N0} -> peak {sampledPeak / 1e6:N0} MB");
        }
        Console.WriteLine($"{name,-40} {rows / best,12:N0} rows/s {bytes / best / 1e6,8:N1} MB/s  {best:N2} s  peak working set {peak / 1e6:N0} MB  allocated {allocated / 1e6:N1} MB/run  (checksum {checksum})");
        return best;
    }
}
