using System.Globalization;

namespace GovData.Functions.Aggregation;

/// <summary>
/// The names in the <c>curated</c> and <c>incoming</c> containers. The curated layout is a contract other features
/// (open-data publishing) read by: <c>{jurisdiction}/{entryId}/v{version:D6}/data.csv</c> with metadata
/// <c>entryid</c>, <c>version</c>, <c>department</c>, <c>sha256</c> (of the source file), <c>acceptedat</c> (ISO 8601),
/// and beside it <c>lineage.json</c> and <c>quality-report.json</c>. Do not change it without changing its readers.
/// </summary>
public static class CuratedLayout
{
    /// <summary>The folder of one version.</summary>
    public static string VersionFolder(string jurisdiction, string entryId, int version) =>
        string.Create(CultureInfo.InvariantCulture, $"{jurisdiction}/{entryId}/v{version:D6}");

    /// <summary>The version's data (UTF-8 CSV, header = the entry's data item names in catalog order).</summary>
    public static string DataBlob(string jurisdiction, string entryId, int version) => VersionFolder(jurisdiction, entryId, version) + "/data.csv";

    /// <summary>The version's lineage.</summary>
    public static string LineageBlob(string jurisdiction, string entryId, int version) => VersionFolder(jurisdiction, entryId, version) + "/lineage.json";

    /// <summary>The version's quality report.</summary>
    public static string ReportBlob(string jurisdiction, string entryId, int version) => VersionFolder(jurisdiction, entryId, version) + "/quality-report.json";

    /// <summary>The quality report of a rejected submission, in the <c>reports</c> container.</summary>
    public static string RejectedReportBlob(string jurisdiction, string entryId, string submissionId) =>
        $"aggregation/{jurisdiction}/{entryId}/{submissionId}/quality-report.json";

    /// <summary>The raw upload of a submission in <c>incoming</c>; the platform chooses it, never the department.</summary>
    public static string IncomingBlob(string jurisdiction, string entryId, string submissionId, SubmissionFormat format) =>
        $"{jurisdiction}/{entryId}/{submissionId}/source.{Extension(format)}";

    /// <summary>The file extension of a format.</summary>
    public static string Extension(SubmissionFormat format) => format switch
    {
        SubmissionFormat.Xlsx => "xlsx",
        SubmissionFormat.JsonLines => "jsonl",
        _ => "csv",
    };

    /// <summary>Splits an incoming blob name into jurisdiction, entry and submission; null for names the platform did not issue.</summary>
    public static (string Jurisdiction, string EntryId, string SubmissionId)? ParseIncoming(string? name)
    {
        var parts = name?.Split('/');
        if (parts is not { Length: 4 } || !parts[3].StartsWith("source.", StringComparison.Ordinal)) return null;
        if (!AggregationStore.IsPlausibleId(parts[0]) || !AggregationStore.IsPlausibleId(parts[1]) || !AggregationStore.IsPlausibleId(parts[2])) return null;
        return (parts[0], parts[1], parts[2]);
    }

    /// <summary>The metadata keys of data.csv (lower case: blob metadata names are case-insensitive and Azure lower-cases them).</summary>
    public static class Metadata
    {
        /// <summary>The catalog entry id.</summary>
        public const string EntryId = "entryid";
        /// <summary>The version number (decimal).</summary>
        public const string Version = "version";
        /// <summary>The owning department.</summary>
        public const string Department = "department";
        /// <summary>SHA-256 of the source file, lower-case hex.</summary>
        public const string Sha256 = "sha256";
        /// <summary>When the version was accepted, ISO 8601 (round-trip, UTC).</summary>
        public const string AcceptedAt = "acceptedat";
        /// <summary>The submission (not part of the contract; used to make rewriting after a crash idempotent).</summary>
        public const string SubmissionId = "submissionid";
    }
}
