using Microsoft.Net.Http.Headers;

namespace GovData.Functions.Errors;

/// <summary>
/// The charsets a JSON body may declare: UTF-8 only (RFC 8259 §8.1), named <c>utf-8</c> (in any case), or none. Anything
/// else (an unknown name, an empty one, or a real charset such as gbk, which would be read or not depending on which encodings
/// the process happened to register) is refused with 415 naming the accepted charsets, before the body is read: the same
/// answer in every run, for every endpoint, anonymous ones included.
/// </summary>
public static class JsonCharset
{
    /// <summary>The charset names accepted on a JSON body.</summary>
    public static readonly IReadOnlyList<string> Accepted = ["utf-8"];

    /// <summary>The 415 problem for a JSON body whose declared charset is not accepted; null when the body may be read.</summary>
    public static IResult? Check(HttpRequest request)
    {
        if (string.IsNullOrEmpty(request.ContentType)) return null;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type))
            // A JSON type whose parameters do not parse ("application/json;charset=") cannot say how it is encoded either.
            return request.ContentType.Contains("json", StringComparison.OrdinalIgnoreCase) ? Refuse("") : null;
        var json = type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase);
        if (!json) return null;
        var charset = type.Parameters.FirstOrDefault(p => p.Name.Equals("charset", StringComparison.OrdinalIgnoreCase));
        if (charset is null) return null;
        var name = HeaderUtilities.RemoveQuotes(charset.Value).ToString().Trim();
        return Accepted.Contains(name, StringComparer.OrdinalIgnoreCase) ? null : Refuse(name);
    }

    private static IResult Refuse(string name) =>
        Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, type: Problems.TypeOf("unsupported-media-type"),
            title: "Unsupported media type",
            detail: $"A JSON body must be UTF-8: send charset=utf-8 or no charset, not charset=\"{Shorten(name)}\".",
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = new[] { new ProblemError("Content-Type", "charset must be utf-8 (or absent)") },
                ["acceptedCharsets"] = Accepted,
            });

    private static string Shorten(string s)
    {
        var clean = new string(s.Where(c => c is >= ' ' and < (char)127 && c != '"').Take(40).ToArray());
        return clean;
    }
}
