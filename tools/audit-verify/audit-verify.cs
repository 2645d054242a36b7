#:project ../../functions/GovData.Domain/GovData.Domain.csproj
// Verifies an exported audit trail offline (docs/audit.md, "Verify offline"):
//   dotnet run tools/audit-verify/audit-verify.cs -- TRAIL.jsonl --key SIGNING-KEY.pem
// TRAIL.jsonl is what GET /api/audit/trail returned; SIGNING-KEY.pem is the public key the auditor pinned beforehand
// (GET /api/audit/signing-key). Without --key the key inside the file is used, which proves less.
// Exit code: 0 intact, 1 not intact, 2 usage or unreadable file.
using GovData.Domain.Audit;

if (args.Length < 1 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine("usage: dotnet run tools/audit-verify/audit-verify.cs -- TRAIL.jsonl [--key SIGNING-KEY.pem]");
    return 2;
}
string? pinned = null;
var keyAt = Array.IndexOf(args, "--key");
if (keyAt >= 0)
{
    if (keyAt + 1 >= args.Length) { Console.Error.WriteLine("--key needs a PEM file"); return 2; }
    pinned = File.ReadAllText(args[keyAt + 1]);
}
AuditTrailBundle.Report report;
try { report = AuditTrailBundle.Verify(File.ReadLines(args[0]), pinned); }
catch (Exception e) when (e is IOException or InvalidDataException or System.Text.Json.JsonException or ArgumentException or KeyNotFoundException)
{
    Console.Error.WriteLine($"cannot read {args[0]}: {e.Message}");
    return 2;
}
Console.WriteLine($"jurisdiction {report.Jurisdiction}: {report.Days} days, {report.Records} records, checkpoints checked with key {report.KeyId}{(pinned is null ? " (from the file, not pinned)" : " (pinned)")}");
if (report.FirstBreak is { } b) Console.WriteLine($"BROKEN at {b.Day:yyyy-MM-dd} line {b.Line}: {b.Reason}");
foreach (var f in report.Findings) Console.WriteLine($"{f.Kind} {f.Day:yyyy-MM-dd}: {f.Detail}");
Console.WriteLine(report.Intact ? "INTACT" : "NOT INTACT");
return report.Intact ? 0 : 1;
