namespace GovData.Functions.Storage;

/// <summary>The names of every container, queue and table; infra/ creates the same ones in Azure.</summary>
public static class StorageNames
{
    /// <summary>Blob containers.</summary>
    public static class Blobs
    {
        /// <summary>Department uploads waiting for aggregation.</summary>
        public const string Incoming = "incoming";
        /// <summary>Accepted, immutable versions of each entry's data.</summary>
        public const string Curated = "curated";
        /// <summary>Desensitized files published to the public.</summary>
        public const string Open = "open";
        /// <summary>The hash-chained audit trail.</summary>
        public const string Audit = "audit";
        /// <summary>Generated reports (quality, evaluation).</summary>
        public const string Reports = "reports";
        /// <summary>Every blob container.</summary>
        public static readonly string[] All = [Incoming, Curated, Open, Audit, Reports];
    }

    /// <summary>Storage queues; each has a <c>-poison</c> companion.</summary>
    public static class Queues
    {
        /// <summary>Aggregation jobs.</summary>
        public const string Aggregation = "aggregation";
        /// <summary>Open-data publish jobs.</summary>
        public const string Publishing = "publishing";
        /// <summary>Notifications to departments (inbox and callbacks).</summary>
        public const string Notifications = "notifications";
        /// <summary>Deadline timers that came due.</summary>
        public const string Deadlines = "deadlines";
        /// <summary>Events that update findings and scorecards.</summary>
        public const string Supervision = "supervision";
        /// <summary>Change notice deliveries to departments' callback URLs, one message per attempt.</summary>
        public const string ChangeNotices = "change-notices";
        /// <summary>Every work queue (without the poison ones).</summary>
        public static readonly string[] All = [Aggregation, Publishing, Notifications, Deadlines, Supervision, ChangeNotices];
        /// <summary>The poison queue of <paramref name="queue"/>, as the Functions host names it.</summary>
        public static string PoisonOf(string queue) => queue + "-poison";
    }

    /// <summary>Tables.</summary>
    public static class Tables
    {
        /// <summary>The append-only audit log.</summary>
        public const string AuditLog = "auditlog";
        /// <summary>Every table.</summary>
        public static readonly string[] All = [AuditLog];
    }

    /// <summary>Cosmos containers, all partitioned by <c>/jurisdiction</c>.</summary>
    public static class Cosmos
    {
        /// <summary>Catalog entries and their versions.</summary>
        public const string Catalog = "catalog";
        /// <summary>Share requests and grants.</summary>
        public const string Sharing = "sharing";
        /// <summary>Aggregation jobs and versions.</summary>
        public const string Aggregation = "aggregation";
        /// <summary>Open datasets and applications.</summary>
        public const string Opening = "opening";
        /// <summary>Findings and scorecards.</summary>
        public const string Supervision = "supervision";
        /// <summary>Markers of the supervision events already counted (one tiny document per event and counter document; only point reads and creates).</summary>
        public const string SupervisionApplied = "supervision-applied";
        /// <summary>Jurisdictions, departments, calendars, rule sets.</summary>
        public const string Reference = "reference";
        /// <summary>Audit chain heads and indexes.</summary>
        public const string Audit = "audit";
        /// <summary>Every container.</summary>
        public static readonly string[] All = [Catalog, Sharing, Aggregation, Opening, Supervision, SupervisionApplied, Reference, Audit];
        /// <summary>The partition key path of every container.</summary>
        public const string PartitionKeyPath = "/jurisdiction";
    }
}
