using GovData.Domain.Identity;

namespace GovData.Functions.Hosting.Http;

/// <summary>An HTTP function anyone may call without a token (health, docs, the public open-data portal).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AnonymousAttribute : Attribute;

/// <summary>An HTTP function whose caller must hold one of these roles (every function needs a valid token unless it is <see cref="AnonymousAttribute"/>).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RolesAttribute(params Role[] roles) : Attribute
{
    /// <summary>The roles, any one of which will do.</summary>
    public IReadOnlyList<Role> Roles { get; } = roles;
}

/// <summary>What an HTTP function is, for the API reference: a one-line summary and its tag (the feature).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OperationAttribute(string tag, string summary) : Attribute
{
    /// <summary>The feature the operation belongs to.</summary>
    public string Tag { get; } = tag;
    /// <summary>One line on what it does and who may.</summary>
    public string Summary { get; } = summary;
}

/// <summary>The JSON body an HTTP function reads.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AcceptsAttribute(Type body) : Attribute
{
    /// <summary>The request body type.</summary>
    public Type Body { get; } = body;
    /// <summary>Whether the body may be left out.</summary>
    public bool Optional { get; init; }
}

/// <summary>An answer an HTTP function gives: its status and, when it has one, the body's type (problems are problem+json).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ReturnsAttribute(int status, Type? body = null) : Attribute
{
    /// <summary>The HTTP status.</summary>
    public int Status { get; } = status;
    /// <summary>The body type, or null for none (or a problem).</summary>
    public Type? Body { get; } = body;
    /// <summary>For a file answer: the media types it may come in (with a <see cref="Body"/> too, JSON is one more the caller may pick).</summary>
    public string[]? ContentTypes { get; init; }
}

/// <summary>A body an HTTP function reads as a file rather than as JSON: the media types it takes.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AcceptsFileAttribute(params string[] mediaTypes) : Attribute
{
    /// <summary>The media types, e.g. text/csv or multipart/form-data.</summary>
    public IReadOnlyList<string> MediaTypes { get; } = mediaTypes;
}

/// <summary>A query parameter an HTTP function reads, for the API reference.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class QueryAttribute(string name, string description) : Attribute
{
    /// <summary>The parameter's name.</summary>
    public string Name { get; } = name;
    /// <summary>What it does and which values it takes.</summary>
    public string Description { get; } = description;
    /// <summary>Whether the call needs it.</summary>
    public bool Required { get; init; }
    /// <summary>Whether it is a whole number (else a string).</summary>
    public bool Integer { get; init; }
    /// <summary>
    /// The string's format, when it has one: <c>date</c> or <c>date-time</c> (the OpenAPI document then states
    /// <see cref="Errors.DateBounds"/> on it).
    /// </summary>
    public string? Format { get; init; }
}

/// <summary>
/// The largest request body an HTTP function takes (default <see cref="HttpFunctionGate.DefaultBodyLimit"/>): a number of
/// bytes, or a setting, the <c>long</c> property <see cref="Property"/> of the options class <see cref="Options"/> (read
/// through <c>IOptions&lt;T&gt;</c> for each request, so configuration sets it, as <c>Aggregation:MaxDirectPostBytes</c> does).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BodyLimitAttribute : Attribute
{
    /// <summary>A limit of <paramref name="bytes"/>.</summary>
    public BodyLimitAttribute(long bytes) => Bytes = bytes;

    /// <summary>The limit the <c>long</c> property <paramref name="property"/> of the options class <paramref name="options"/> holds.</summary>
    public BodyLimitAttribute(Type options, string property)
    {
        Options = options;
        Property = property;
    }

    /// <summary>The limit in bytes, when it is a number.</summary>
    public long? Bytes { get; }
    /// <summary>The options class holding the limit, when it is a setting.</summary>
    public Type? Options { get; }
    /// <summary>The <c>long</c> property of <see cref="Options"/> that holds it.</summary>
    public string? Property { get; }
}

/// <summary>HTTP functions that hand their request to <see cref="ApiPipeline"/>, which does its own authentication and errors.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ServedByApiPipelineAttribute : Attribute;
