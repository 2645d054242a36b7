using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace GovData.Bench.Audit;

/// <summary>One load run's figures.</summary>
internal sealed record LoadResult(string Name, int Connections, double Rate, double P50Ms, double P99Ms, long Requests, long Errors);

/// <summary>
/// Drives load with wrk (Debian's package: <c>apt-get install -y wrk</c>), one thread, N connections, a Lua script that
/// builds each request, and reads back the rate and the latency percentiles.
/// </summary>
internal static partial class Wrk
{
    /// <summary>Fails early, with the install command, when wrk is missing.</summary>
    public static void EnsureInstalled()
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("wrk", "--version") { RedirectStandardOutput = true, RedirectStandardError = true })!;
            p.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException("wrk is not installed: apt-get install -y wrk");
        }
    }

    /// <summary>Runs <paramref name="script"/> against <paramref name="baseUrl"/> for <paramref name="seconds"/> seconds.</summary>
    public static async Task<LoadResult> RunAsync(string name, Uri baseUrl, string script, int connections, int seconds, CancellationToken ct)
    {
        var file = Path.Combine(Path.GetTempPath(), $"govdata-bench-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(file, script, ct);
        try
        {
            var psi = new ProcessStartInfo("wrk", $"-t1 -c{connections} -d{seconds}s --timeout 10s --latency -s {file} {baseUrl.ToString().TrimEnd('/')}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync(ct);
            var stderr = p.StandardError.ReadToEndAsync(ct);
            await p.WaitForExitAsync(ct);
            var text = await stdout;
            var err = await stderr;
            if (err.Length > 0) Console.Error.WriteLine(err.Trim());
            if (p.ExitCode != 0) throw new InvalidOperationException($"wrk failed: {text} {err}");
            foreach (var line in text.Split('\n').Where(l => l.StartsWith("status ", StringComparison.Ordinal)))
                Console.WriteLine($"  {name} c={connections}: {line.Trim()} responses");
            return Parse(name, connections, text);
        }
        finally { File.Delete(file); }
    }

    /// <summary>
    /// Lua that counts the responses that are not 2xx by status and prints them when the run ends ("status 409: 12"), so a
    /// run's errors say what they were. It costs wrk a callback per response: add it only where errors are expected.
    /// </summary>
    public const string CountStatuses = """
        local threads = {}
        setup = function(thread) table.insert(threads, thread) end
        response = function(status, headers, body)
          if status >= 300 then local k = "s" .. status; _G[k] = (_G[k] or 0) + 1 end
        end
        done = function(summary, latency, requests)
          for _, t in ipairs(threads) do
            for code = 300, 599 do
              local n = t:get("s" .. code)
              if n then io.write(string.format("status %d: %d\n", code, n)) end
            end
          end
        end
        """;

    private static LoadResult Parse(string name, int connections, string text)
    {
        var rate = double.Parse(RateLine().Match(text).Groups[1].Value, CultureInfo.InvariantCulture);
        var requests = long.Parse(RequestsLine().Match(text).Groups[1].Value, CultureInfo.InvariantCulture);
        var errorsMatch = Non2xx().Match(text);
        var errors = errorsMatch.Success ? long.Parse(errorsMatch.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var socket = SocketErrors().Match(text);
        if (socket.Success) errors += socket.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture));
        return new LoadResult(name, connections, rate, Percentile(text, "50%"), Percentile(text, "99%"), requests, errors);
    }

    private static double Percentile(string text, string label)
    {
        var m = Regex.Match(text, @"^\s*" + Regex.Escape(label) + @"\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        var v = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return m.Groups[2].Value switch { "us" => v / 1000, "ms" => v, _ => v * 1000 };
    }

    /// <summary>A Lua string literal.</summary>
    public static string Lua(string s)
    {
        var b = new StringBuilder("\"");
        foreach (var c in Encoding.UTF8.GetBytes(s))
        {
            var plain = c >= 0x20 && c < 0x7f && c != (byte)'"' && c != (byte)'\\';
            b.Append(plain ? ((char)c).ToString() : "\\" + c.ToString("D3", CultureInfo.InvariantCulture));
        }
        return b.Append('"').ToString();
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RateLine();
    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex RequestsLine();
    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex Non2xx();
    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();
}
