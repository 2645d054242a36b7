using GovData.Domain.Sharing;

namespace GovData.Functions.Sharing;

/// <summary>
/// What a sharing operation (a grant, an access check, a filing, a callback, a change notice) came to, with no HTTP in sight:
/// its value (new or existing), or the refusal and what it is about. The HTTP functions map it with <see cref="SharingAnswers"/>.
/// </summary>
public sealed record SharingAnswer<T>(T? Value, ShareRefusal? Refusal = null, string? What = null, bool Created = false)
{
    /// <summary>Done with <paramref name="value"/>.</summary>
    public static SharingAnswer<T> Done(T value) => new(value);
    /// <summary>Created <paramref name="value"/>.</summary>
    public static SharingAnswer<T> New(T value) => new(value, Created: true);
    /// <summary>Refused: <paramref name="refusal"/>, about <paramref name="what"/> (named in a 404).</summary>
    public static SharingAnswer<T> Refused(ShareRefusal refusal, string what) => new(default, refusal, what);
    /// <summary>Not there, or not the caller's to see: 404 naming <paramref name="what"/>, so ids cannot be probed.</summary>
    public static SharingAnswer<T> NotFound(string what) => Refused(ShareRefusal.NotFound(what), what);
    /// <summary>A refusal answers any operation.</summary>
    public static implicit operator SharingAnswer<T>(SharingRefusal refusal) => Refused(refusal.Refusal, refusal.What);
}

/// <summary>A refusal and what it is about (named in a 404), before the operation's answer type is known.</summary>
public sealed record SharingRefusal(ShareRefusal Refusal, string What)
{
    /// <summary>Not there, or not the caller's to see.</summary>
    public static SharingRefusal NotFound(string what) => new(ShareRefusal.NotFound(what), what);
    /// <summary>Refused because of <paramref name="errors"/>.</summary>
    public static SharingRefusal Invalid(IReadOnlyList<GovData.Domain.ValidationError> errors) => new(ShareRefusal.Invalid(errors), "");
    /// <summary>Not possible in the current state (409).</summary>
    public static SharingRefusal Conflict(string reason) => new(ShareRefusal.Conflict(reason), "");
}

/// <summary>How sharing's HTTP functions answer a <see cref="SharingAnswer{T}"/>: 200 (or 201) with the value, or the refusal as problem+json.</summary>
public static class SharingAnswers
{
    /// <summary>200 with the value, or the refusal.</summary>
    public static IResult Ok<T>(SharingAnswer<T> answer) => answer.Refusal is { } r ? ShareService.ToProblem(r, answer.What ?? "") : Results.Ok(answer.Value);

    /// <summary>201 at <paramref name="location"/> when created, 200 when it was already there, or the refusal.</summary>
    public static IResult Created<T>(SharingAnswer<T> answer, Func<T, string> location) =>
        answer.Refusal is { } r ? ShareService.ToProblem(r, answer.What ?? "") : answer.Created ? Results.Created(location(answer.Value!), answer.Value) : Results.Ok(answer.Value);

    /// <summary>204 when done, or the refusal.</summary>
    public static IResult NoContent<T>(SharingAnswer<T> answer) => answer.Refusal is { } r ? ShareService.ToProblem(r, answer.What ?? "") : Results.NoContent();
}
