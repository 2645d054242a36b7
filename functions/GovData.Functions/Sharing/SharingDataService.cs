using System.Security.Cryptography;
using System.Text;
using GovData.Domain;
using GovData.Domain.Catalog;
using GovData.Functions.Errors;
using GovData.Functions.Hosting.Http;
using Microsoft.Extensions.Options;

namespace GovData.Functions.Sharing;

/// <summary>
/// The three access methods of shared data over the current curated version: the API query (only the requested and
/// allowed columns, equality filters, pages), verification (比对验证: yes or no, nothing else) and the short-lived download
/// link (a CSV of the allowed columns only). Each goes through <see cref="SharingDataGate"/> and is audited with purpose,
/// DataOwner, items, method and medium.
/// </summary>
public sealed class SharingDataService(SharingDataGate gate, AccessExceptions.AccessExceptionService article13, CuratedData curated, SignedTokens tokens,
    IOptions<SharingDataOptions> options, TimeProvider time)
{
    /// <summary>Audit action of the query.</summary>
    public const string QueryAction = "sharing.data.query";
    /// <summary>Audit action of verification.</summary>
    public const string VerifyAction = "sharing.data.verify";
    /// <summary>Audit action of issuing a download link.</summary>
    public const string LinkAction = "sharing.data.download-link";
    /// <summary>Audit action of a download.</summary>
    public const string DownloadAction = "sharing.data.download";

    private const string PageKind = "sharing-page";
    private const string DownloadKind = "sharing-download";
    private const int MaxCompared = 20;
    private const int MaxValueLength = 1000;

    /// <summary>One page of rows.</summary>
    public async Task<SharingAnswer<DataQueryPage>> QueryAsync(RequestContext request, DataScope scope, DataQueryBody body, CancellationToken ct)
    {
        var caller = request.User;
        var o = options.Value;
        var errors = new List<ValidationError>();
        var top = body.Top ?? o.DefaultPageSize;
        if (top < 1 || top > o.MaxPageSize) errors.Add(new("top", $"must be 1 to {o.MaxPageSize}"));
        var filters = CheckValues("filters", body.Filters, allowEmpty: true, errors);
        PageToken? page = null;
        if (body.ContinuationToken is not null && (page = tokens.Verify<PageToken>(PageKind, body.ContinuationToken)) is null)
            errors.Add(new("continuationToken", "is not a token this platform issued; send the one from the previous page unchanged"));
        if (errors.Count > 0) return SharingRefusal.Invalid(errors);

        const string medium = "https json";
        var result = await gate.CheckAsync(request, QueryAction, scope, body.Items, [.. filters.Keys], SharingMethod.Api, body.Purpose, medium, ct);
        if (result.Use is not { } use) return result.Refusal!;
        // 004 第十三条: no free-form query where the rule set says so, unless the DataAuthority recorded an exception.
        if (await article13.CheckQueryAsync(request, QueryAction, use, filters.Keys, medium, ct) is { } notFree) return new SharingRefusal(notFree, use.EntryCode);
        var shape = Shape(use.Items, filters);
        if (page is not null && (page.Scope != scope.ToString() || page.User != caller.UserId || page.Shape != shape))
            return SharingRefusal.Invalid([new("continuationToken", "belongs to another query (other grant, user, items or filters); send the same query with it")]);

        var version = page is null
            ? await curated.CurrentAsync(use.Jurisdiction, use.EntryId, ct)
            : await curated.StillServedAsync(use.Jurisdiction, use.EntryId, page.Version, ct);
        if (await Unavailable(request, QueryAction, use, version, medium, page?.Version, ct) is { } unavailable) return unavailable;
        var columns = await ColumnsAsync(request, QueryAction, use, version!, use.Items.Concat(filters.Keys), medium, ct);
        if (columns.Refusal is not null) return columns.Refusal;
        var output = use.Items.Select(i => columns.Index[i]).ToArray();
        var compare = filters.Select(f => (Index: columns.Index[f.Key], f.Value)).ToArray();

        var (rows, resumeAt) = await ReadPageAsync(curated, version!, page?.Offset ?? version!.FirstRecordOffset, use.Items, output, compare, top, ct);
        var next = resumeAt is { } at ? tokens.Sign(PageKind, new PageToken(scope.ToString(), caller.UserId, version!.Version, at, shape)) : null;
        await gate.AuditAsync(request, QueryAction, use, medium,
            $"{SharingDataGate.Describe(use, use.Items)} v{version!.Version} filters [{string.Join(",", filters.Keys)}] {rows.Count} rows{(page is null ? "" : " (next page)")}", ct);
        return SharingAnswer<DataQueryPage>.Done(new DataQueryPage(use.EntryId, use.EntryCode, version.Version, use.Items, rows.Count, rows, next));
    }

    /// <summary>Whether a record with these values exists; the answer reveals nothing else.</summary>
    public async Task<SharingAnswer<DataVerification>> VerifyAsync(RequestContext request, DataScope scope, VerifyBody body, CancellationToken ct)
    {
        var errors = new List<ValidationError>();
        var values = CheckValues("values", body.Values, allowEmpty: false, errors);
        if (errors.Count > 0) return SharingRefusal.Invalid(errors);
        const string medium = "https json";
        var compared = values.Keys.ToList();
        var result = await gate.CheckAsync(request, VerifyAction, scope, compared, [], SharingMethod.Verification, body.Purpose, medium, ct);
        if (result.Use is not { } use) return result.Refusal!;
        var version = await curated.CurrentAsync(use.Jurisdiction, use.EntryId, ct);
        if (await Unavailable(request, VerifyAction, use, version, medium, null, ct) is { } unavailable) return unavailable;
        var columns = await ColumnsAsync(request, VerifyAction, use, version!, compared, medium, ct);
        if (columns.Refusal is not null) return columns.Refusal;
        var compare = values.Select(v => (Index: columns.Index[v.Key], v.Value)).ToArray();
        var match = false;
        using (var reader = await curated.ReadAsync(version!, version!.FirstRecordOffset, ct))
            while (!match && await reader.ReadAsync(ct))
                match = Matches(reader, compare);
        // The values the caller sent are its own; the record keeps only which items were compared and the yes/no.
        await gate.AuditAsync(request, VerifyAction, use, medium, $"{SharingDataGate.Describe(use, compared)} v{version.Version} -> {(match ? "match" : "no match")}", ct);
        return SharingAnswer<DataVerification>.Done(new DataVerification(use.EntryId, version.Version, compared, match));
    }

    /// <summary>A link, valid for minutes, to a CSV file of the allowed columns of the current version.</summary>
    public async Task<SharingAnswer<DownloadLinkView>> CreateLinkAsync(RequestContext request, DataScope scope, DownloadLinkBody body, CancellationToken ct)
    {
        var caller = request.User;
        const string medium = "https link";
        var result = await gate.CheckAsync(request, LinkAction, scope, body.Items, [], SharingMethod.FileDownload, body.Purpose, medium, ct);
        if (result.Use is not { } use) return result.Refusal!;
        // 004 第十三条: a whole file is a bulk export, refused where the rule set says so unless the DataAuthority recorded an exception.
        if (await article13.CheckExportAsync(request, LinkAction, use, medium, ct) is { } notBulk) return new SharingRefusal(notBulk, use.EntryCode);
        var version = await curated.CurrentAsync(use.Jurisdiction, use.EntryId, ct);
        if (await Unavailable(request, LinkAction, use, version, medium, null, ct) is { } unavailable) return unavailable;
        var columns = await ColumnsAsync(request, LinkAction, use, version!, use.Items, medium, ct);
        if (columns.Refusal is not null) return columns.Refusal;
        var minutes = Math.Clamp(options.Value.DownloadLinkMinutes, 1, 60);
        var expiresAt = time.GetUtcNow().AddMinutes(minutes);
        var token = tokens.Sign(DownloadKind, new DownloadToken(caller.Jurisdiction, scope.ToString(), caller.UserId, caller.Department, version!.Version,
            use.Items, use.Purpose, expiresAt, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))));
        var url = $"/api/sharing/downloads/{token}";
        await gate.AuditAsync(request, LinkAction, use, medium, $"{SharingDataGate.Describe(use, use.Items)} v{version.Version} link until {expiresAt:O}", ct);
        return SharingAnswer<DownloadLinkView>.New(new DownloadLinkView(url, expiresAt, use.EntryId, version.Version, use.Items));
    }

    /// <summary>
    /// Streams the file a link names, after checking the link (signature, user, expiry) and the access rules again, so a
    /// grant revoked or expired after the link was issued stops the download.
    /// </summary>
    public async Task<DataDownload> DownloadAsync(RequestContext request, string token, CancellationToken ct)
    {
        var caller = request.User;
        var link = tokens.Verify<DownloadToken>(DownloadKind, token);
        // A link is its holder's only: for anyone else it does not exist.
        if (link is null || link.Jurisdiction != caller.Jurisdiction || link.User != caller.UserId || link.Department != caller.Department)
            return SharingRefusal.NotFound("Download link");
        var scope = link.Scope.StartsWith("grant:", StringComparison.Ordinal) ? DataScope.Grant(link.Scope[6..]) : DataScope.Entry(link.Scope[6..]);
        const string medium = "https csv";
        var result = await gate.CheckAsync(request, DownloadAction, scope, link.Items, [], SharingMethod.FileDownload, link.Purpose, medium, ct);
        if (result.Use is not { } use) return result.Refusal!;
        // Checked again at download: an exception that ended (or a rule amended) since the link was issued stops it.
        if (await article13.CheckExportAsync(request, DownloadAction, use, medium, ct) is { } notBulk) return new SharingRefusal(notBulk, use.EntryCode);
        if (time.GetUtcNow() >= link.ExpiresAt)
        {
            await gate.AuditAsync(request, DownloadAction, use, medium, $"{SharingDataGate.Describe(use, use.Items)} v{link.Version}", ct, $"link expired at {link.ExpiresAt:O}");
            return new DataDownload(null, ExpiredAt: link.ExpiresAt);
        }
        var version = await curated.StillServedAsync(use.Jurisdiction, use.EntryId, link.Version, ct);
        if (await Unavailable(request, DownloadAction, use, version, medium, link.Version, ct) is { } unavailable) return unavailable;
        var columns = await ColumnsAsync(request, DownloadAction, use, version!, use.Items, medium, ct);
        if (columns.Refusal is not null) return columns.Refusal;
        var output = use.Items.Select(i => columns.Index[i]).ToArray();
        // Audited before the first byte leaves: a download whose record cannot be written does not happen.
        await gate.AuditAsync(request, DownloadAction, use, medium, $"{SharingDataGate.Describe(use, use.Items)} v{version!.Version}", ct);
        return new DataDownload(SharingAnswer<DataFile>.Done(new DataFile($"{use.EntryCode}-v{version.Version}.csv", async body =>
        {
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(64 * 1024);
            try
            {
                var used = Encoding.UTF8.GetBytes(string.Join(",", use.Items.Select(Quote)) + "\n", buffer);
                using var reader = await curated.ReadAsync(version, version.FirstRecordOffset, ct);
                while (await reader.ReadAsync(ct))
                {
                    var needed = RowLength(reader, output);
                    if (needed > buffer.Length - used)
                    {
                        await body.WriteAsync(buffer.AsMemory(0, used), ct);
                        used = 0;
                        if (needed > buffer.Length)
                        {
                            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                            buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(needed);
                        }
                    }
                    used += CopyRow(reader, output, buffer.AsSpan(used));
                }
                await body.WriteAsync(buffer.AsMemory(0, used), ct);
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
        })));
    }

    private static int RowLength(CuratedCsvReader reader, int[] output)
    {
        var n = output.Length;
        foreach (var i in output) n += reader.Raw(i).Length;
        return n;
    }

    // The stored fields are already RFC 4180 quoted: copied as they are, only the allowed columns.
    private static int CopyRow(CuratedCsvReader reader, int[] output, Span<byte> target)
    {
        var at = 0;
        for (var i = 0; i < output.Length; i++)
        {
            if (i > 0) target[at++] = (byte)',';
            var raw = reader.Raw(output[i]);
            raw.CopyTo(target[at..]);
            at += raw.Length;
        }
        target[at++] = (byte)'\n';
        return at;
    }

    /// <summary>
    /// Reads up to <paramref name="top"/> rows matching <paramref name="compare"/> from <paramref name="offset"/>, keeping only the
    /// <paramref name="output"/> columns (named <paramref name="names"/>); the offset to resume at, or null when the file ended.
    /// </summary>
    public static async Task<(List<Dictionary<string, string>> Rows, long? ResumeAt)> ReadPageAsync(CuratedData curated, CuratedVersion version, long offset,
        IReadOnlyList<string> names, int[] output, (int Index, string Value)[] compare, int top, CancellationToken ct)
    {
        var rows = new List<Dictionary<string, string>>(Math.Min(top, 1000));
        // A page is small: ranged reads of 64 KiB fetch little beyond it (a download or verification reads on in larger ones).
        using var reader = await curated.ReadAsync(version, offset, ct, bufferSize: 64 * 1024);
        long resumeAt = offset;
        while (await reader.ReadAsync(ct))
        {
            // One record past a full page says there is more; the next page starts right after the last row returned.
            if (rows.Count == top) return (rows, resumeAt);
            if (!Matches(reader, compare)) continue;
            var row = new Dictionary<string, string>(output.Length, StringComparer.Ordinal);
            for (var i = 0; i < output.Length; i++) row[names[i]] = reader.Value(output[i]);
            rows.Add(row);
            resumeAt = reader.NextOffset;
        }
        return (rows, null);
    }

    private async Task<SharingRefusal?> Unavailable(RequestContext request, string action, DataUse use, CuratedVersion? version, string medium, int? pinned, CancellationToken ct)
    {
        if (version is not null) return null;
        var reason = pinned is { } v
            ? $"curated version {v} of entry {use.EntryCode} is no longer served (removed by an approved removal request); start again for the current version"
            : $"entry {use.EntryCode} has no curated data yet: nothing was aggregated, or every version was removed";
        await gate.AuditAsync(request, action, use, medium, SharingDataGate.Describe(use, use.Items), ct, reason);
        return SharingRefusal.Conflict(reason);
    }

    private async Task<(Dictionary<string, int> Index, SharingRefusal? Refusal)> ColumnsAsync(RequestContext request, string action, DataUse use, CuratedVersion version,
        IEnumerable<string> needed, string medium, CancellationToken ct)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < version.Columns.Count; i++) index.TryAdd(version.Columns[i], i);
        var missing = needed.Where(n => !index.ContainsKey(n)).Distinct(StringComparer.Ordinal).ToArray();
        if (missing.Length == 0) return (index, null);
        var reason = $"curated version {version.Version} of entry {use.EntryCode} has no column {string.Join(", ", missing)} (the catalog entry changed after it was aggregated)";
        await gate.AuditAsync(request, action, use, medium, SharingDataGate.Describe(use, use.Items), ct, reason);
        return (index, SharingRefusal.Conflict(reason));
    }

    private static bool Matches(CuratedCsvReader reader, (int Index, string Value)[] compare)
    {
        foreach (var (index, value) in compare)
            if (!string.Equals(reader.Value(index), value, StringComparison.Ordinal)) return false;
        return true;
    }

    private static Dictionary<string, string> CheckValues(string field, Dictionary<string, string?>? given, bool allowEmpty, List<ValidationError> errors)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (given is null || given.Count == 0)
        {
            if (!allowEmpty) errors.Add(new(field, "must give at least one item and its value"));
            return values;
        }
        if (given.Count > MaxCompared) errors.Add(new(field, $"at most {MaxCompared} items"));
        foreach (var (item, value) in given)
        {
            if (string.IsNullOrWhiteSpace(item) || item.Length > 200) errors.Add(new(field, "item names must be 1 to 200 characters"));
            else if (value is null) errors.Add(new($"{field}.{item}", "must be a string"));
            else if (value.Length > MaxValueLength) errors.Add(new($"{field}.{item}", $"must be at most {MaxValueLength} characters"));
            else values[item] = value.Trim();
        }
        return values;
    }

    // Binds a continuation token to the query it came from, so it cannot be replayed with other columns or filters.
    private static string Shape(IReadOnlyList<string> items, Dictionary<string, string> filters)
    {
        var text = string.Join("\u001f", items) + "\u001e" + string.Join("\u001f", filters.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key + "\u001d" + f.Value));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
