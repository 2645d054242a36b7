using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GovData.Functions.Sharing.Callbacks;

namespace GovData.Functions.Sharing.ChangeNotices;

/// <summary>The answer of one delivery attempt.</summary>
public sealed record DeliveryOutcome(bool Delivered, int? Status, string? Error);

/// <summary>
/// Posts a notice to a callback URL, signed: <c>X-GovData-Signature: t={unix seconds},v1={hex HMAC-SHA256(secret, "{t}.{body}")}</c>
/// so the receiver can check it came from the platform and is fresh. Redirects are not followed (a redirect could point inside)
/// and every connection goes through <see cref="CallbackTargetGuard.ConnectAsync"/>.
/// </summary>
public sealed class CallbackSender(IHttpClientFactory clients, TimeProvider time, JsonSerializerOptions json)
{
    /// <summary>The named HTTP client used for callbacks.</summary>
    public const string ClientName = "govdata-callbacks";
    /// <summary>The signature header.</summary>
    public const string SignatureHeader = "X-GovData-Signature";
    /// <summary>The notice id header (receivers deduplicate on it: delivery is at least once).</summary>
    public const string NoticeHeader = "X-GovData-Notice-Id";
    /// <summary>The attempt number header.</summary>
    public const string AttemptHeader = "X-GovData-Delivery-Attempt";

    /// <summary>The signature header value for <paramref name="body"/> at <paramref name="unixSeconds"/>.</summary>
    public static string Sign(string secret, long unixSeconds, byte[] body)
    {
        var prefix = Encoding.UTF8.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + ".");
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), prefix.Concat(body).ToArray());
        return $"t={unixSeconds.ToString(CultureInfo.InvariantCulture)},v1={Convert.ToHexStringLower(mac)}";
    }

    /// <summary>The body a receiver gets for <paramref name="notice"/>.</summary>
    public static object Payload(ChangeNoticeDocument notice) => new
    {
        id = notice.Id,
        kind = notice.Kind,
        jurisdiction = notice.Jurisdiction,
        entryId = notice.EntryId,
        entryCode = notice.EntryCode,
        provider = notice.Provider,
        grantId = notice.GrantId,
        version = notice.Version,
        changeId = notice.ChangeId,
        changedAt = notice.ChangedAt,
        effectiveDate = notice.EffectiveDate,
        description = notice.Description,
        noticeAt = notice.NoticeAt,
        inbox = $"/api/sharing/notices/{notice.Id}",
    };

    /// <summary>Posts <paramref name="notice"/> to <paramref name="callback"/> as attempt <paramref name="attempt"/>.</summary>
    public Task<DeliveryOutcome> SendAsync(CallbackDocument callback, ChangeNoticeDocument notice, int attempt, CancellationToken ct) =>
        SendAsync(callback, notice.Id, Payload(notice), attempt, ct);

    /// <summary>Posts <paramref name="payload"/> (identified to the receiver by <paramref name="id"/>) to <paramref name="callback"/>, signed, as attempt <paramref name="attempt"/>.</summary>
    public async Task<DeliveryOutcome> SendAsync(CallbackDocument callback, string id, object payload, int attempt, CancellationToken ct)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(payload, json);
        using var request = new HttpRequestMessage(HttpMethod.Post, callback.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation(SignatureHeader, Sign(callback.Secret, time.GetUtcNow().ToUnixTimeSeconds(), body));
        request.Headers.TryAddWithoutValidation(NoticeHeader, id);
        request.Headers.TryAddWithoutValidation(AttemptHeader, attempt.ToString(CultureInfo.InvariantCulture));
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var status = (int)response.StatusCode;
            return status is >= 200 and < 300 ? new DeliveryOutcome(true, status, null) : new DeliveryOutcome(false, status, $"the receiver answered {status}");
        }
        catch (HttpRequestException e) when (e.InnerException is CallbackAddressRefusedException refused)
        {
            return new DeliveryOutcome(false, null, "refused: " + refused.Message);
        }
        catch (CallbackAddressRefusedException refused) { return new DeliveryOutcome(false, null, "refused: " + refused.Message); }
        catch (HttpRequestException e) { return new DeliveryOutcome(false, null, e.Message); }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested) { return new DeliveryOutcome(false, null, "timed out"); }
    }
}
