using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GovData.Portal.Services;

/// <summary>
/// Calls the GovData API with the signed-in user's token. A refusal (application/problem+json) becomes an
/// <see cref="ApiProblem"/> carrying the API's detail and field errors, which pages show next to the form.
/// </summary>
public sealed class Api(HttpClient http, Session session)
{
    /// <summary>The API's JSON: camelCase, enumerations by name.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The API's address (for links the browser follows itself, such as downloads).</summary>
    public Uri BaseAddress => http.BaseAddress!;

    public Task<T> GetAsync<T>(string path, CancellationToken ct = default) => SendAsync<T>(HttpMethod.Get, path, null, ct);

    /// <summary>Reads <paramref name="path"/>, or null where the API answers 404 (nothing there yet: no subscription, no days declared).</summary>
    public async Task<T?> GetOrNullAsync<T>(string path, CancellationToken ct = default) where T : class
    {
        try { return await GetAsync<T>(path, ct); }
        catch (ApiProblem p) when (p.Status == HttpStatusCode.NotFound) { return null; }
    }

    public Task<T> PostAsync<T>(string path, object? body, CancellationToken ct = default) => SendAsync<T>(HttpMethod.Post, path, body ?? new { }, ct);

    public Task<T> PutAsync<T>(string path, object? body, CancellationToken ct = default) => SendAsync<T>(HttpMethod.Put, path, body, ct);

    /// <summary>Posts under <paramref name="ifMatch"/> (the ETag the page read), so a change made meanwhile is refused (412) instead of overwritten.</summary>
    public async Task<T> PostIfMatchAsync<T>(string path, object body, string? ifMatch, CancellationToken ct = default)
    {
        using var request = Request(HttpMethod.Post, path);
        request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        if (!string.IsNullOrEmpty(ifMatch)) request.Headers.TryAddWithoutValidation("If-Match", ifMatch.StartsWith('"') ? ifMatch : $"\"{ifMatch}\"");
        return await ReadAsync<T>(await SendCheckedAsync(request, ct), ct);
    }

    /// <summary>Posts and ignores the answer's body.</summary>
    public async Task PostAsync(string path, object? body, CancellationToken ct = default) =>
        await SendAsync<JsonElement>(HttpMethod.Post, path, body ?? new { }, ct);

    /// <summary>Sends raw bytes (a spreadsheet or a data file).</summary>
    public async Task<T> PostFileAsync<T>(string path, byte[] content, string contentType, CancellationToken ct = default)
    {
        using var request = Request(HttpMethod.Post, path);
        request.Content = new ByteArrayContent(content);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await ReadAsync<T>(await SendCheckedAsync(request, ct), ct);
    }

    /// <summary>Reads a response as text (DCAT, CSV).</summary>
    public async Task<string> GetTextAsync(string path, CancellationToken ct = default)
    {
        using var request = Request(HttpMethod.Get, path);
        var response = await SendCheckedAsync(request, ct);
        return await response.Content.ReadAsStringAsync(ct);
    }

    /// <summary>Deletes; a refusal throws <see cref="ApiProblem"/>.</summary>
    public async Task DeleteAsync(string path, CancellationToken ct = default)
    {
        using var request = Request(HttpMethod.Delete, path);
        await SendCheckedAsync(request, ct);
    }

    /// <summary>Reads a response as bytes with its file name (exports).</summary>
    public async Task<(byte[] Bytes, string FileName, string ContentType)> GetFileAsync(string path, string fallbackName, CancellationToken ct = default)
    {
        using var request = Request(HttpMethod.Get, path);
        var response = await SendCheckedAsync(request, ct);
        var name = response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"') ?? fallbackName;
        return (await response.Content.ReadAsByteArrayAsync(ct), name, response.Content.Headers.ContentType?.ToString() ?? "application/octet-stream");
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var request = Request(method, path);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        return await ReadAsync<T>(await SendCheckedAsync(request, ct), ct);
    }

    // Sends; a refusal throws ApiProblem. A token the API no longer takes (expired, or the account changed) ends the session
    // here too: the header and the refusal then offer to sign in again instead of showing someone signed in whom the API refuses.
    private async Task<HttpResponseMessage> SendCheckedAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var response = await http.SendAsync(request, ct);
        if (response.StatusCode == HttpStatusCode.Unauthorized && request.Headers.Authorization is not null && session.User is not null)
            await session.SignOutAsync();
        if (!response.IsSuccessStatusCode) throw await ApiProblem.FromAsync(response, ct);
        return response;
    }

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (session.User is { } user) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        return request;
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.StatusCode == HttpStatusCode.NoContent || response.Content.Headers.ContentLength == 0) return default!;
        return (await response.Content.ReadFromJsonAsync<T>(Json, ct))!;
    }
}

/// <summary>A refusal from the API: status, the problem's detail, and the field errors.</summary>
public sealed class ApiProblem(HttpStatusCode status, string title, string? detail, IReadOnlyList<FieldError> errors, string? detailZh = null) : Exception(detail ?? title)
{
    public HttpStatusCode Status { get; } = status;
    public string Title { get; } = title;
    public string? Detail { get; } = detail;
    public IReadOnlyList<FieldError> Errors { get; } = errors;
    /// <summary>The detail in Chinese, where the API gives one (detailZh).</summary>
    public string? DetailZh { get; } = detailZh;

    // What the API said, in Chinese where it can.
    private string? Said => DetailZh ?? Detail;

    /// <summary>What to tell the user, in Chinese with the API's own words after it.</summary>
    public string ForUser => Status switch
    {
        HttpStatusCode.Unauthorized => "请先登录（或登录已过期）。",
        HttpStatusCode.Forbidden => "您没有权限进行此操作。" + (Said is null ? "" : " " + Said),
        HttpStatusCode.NotFound => "未找到，或您无权查看。",
        HttpStatusCode.Conflict => "操作冲突：" + (Said ?? Title),
        HttpStatusCode.TooManyRequests => "请求过于频繁，请稍后再试。",
        HttpStatusCode.BadRequest when Errors.Count > 0 => "提交的内容有误，未作任何更改。请按下列提示更正：",
        _ => "未能完成：" + (Said ?? Title),
    };

    public static async Task<ApiProblem> FromAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<ProblemBody>(Api.Json, ct);
            return new ApiProblem(response.StatusCode, problem?.Title ?? response.ReasonPhrase ?? "", problem?.Detail, problem?.Errors ?? [], problem?.DetailZh);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            return new ApiProblem(response.StatusCode, response.ReasonPhrase ?? response.StatusCode.ToString(), null, []);
        }
    }

    private sealed record ProblemBody(string? Title, string? Detail, IReadOnlyList<FieldError>? Errors, string? DetailZh);
}

/// <summary>A refused field: its path, the API's reason, and the reason in Chinese where the API gives one.</summary>
public sealed record FieldError(string Field, string Reason, string? ReasonZh = null)
{
    /// <summary>What the user reads: the Chinese reason, or the API's own words where there is none.</summary>
    public string ForUser => ReasonZh ?? Reason;
}
