using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Azure.Functions.Worker;
using Microsoft.OpenApi;

namespace GovData.Functions.Hosting.Http;

/// <summary>One HTTP function as the API reference shows it: its route, methods and the attributes that describe it.</summary>
public sealed partial record FunctionOperation(string Name, string Route, IReadOnlyList<string> Methods, MethodInfo Method)
{
    /// <summary>The path as OpenAPI writes it (route constraints and catch-all marks left out).</summary>
    public string Path => "/api/" + RouteParameter().Replace(Route, m => "{" + m.Groups[1].Value + "}");

    /// <summary>The route's parameter names.</summary>
    public IEnumerable<string> Parameters => RouteParameter().Matches(Route).Select(m => m.Groups[1].Value);

    /// <summary>Every HTTP function of this app that has its own code (not the feature functions served by <see cref="ApiPipeline"/>).</summary>
    public static IReadOnlyList<FunctionOperation> All { get; } = Find();

    /// <summary>
    /// The methods the functions whose route matches <paramref name="path"/> (under /api) take, upper case; empty when no route
    /// does. Route constraints are not checked: a path that fits a route's shape counts.
    /// </summary>
    public static IReadOnlyCollection<string> MethodsFor(PathString path)
    {
        if (!path.StartsWithSegments("/api", out var rest)) return [];
        var methods = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (op, matcher) in Matchers)
            if (matcher.TryMatch(rest, new RouteValueDictionary()))
                foreach (var m in op.Methods) methods.Add(m.ToUpperInvariant());
        return methods;
    }

    private static readonly IReadOnlyList<(FunctionOperation, Microsoft.AspNetCore.Routing.Template.TemplateMatcher)> Matchers =
        [.. All.Select(op => (op, new Microsoft.AspNetCore.Routing.Template.TemplateMatcher(
            Microsoft.AspNetCore.Routing.Template.TemplateParser.Parse(op.Route), new RouteValueDictionary())))];

    private static List<FunctionOperation> Find() =>
        typeof(FunctionOperation).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<ServedByApiPipelineAttribute>() is null)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Function: m.GetCustomAttribute<FunctionAttribute>(),
                Trigger: m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null)))
            .Where(x => x.Function is not null && x.Trigger is not null)
            .Select(x => new FunctionOperation(x.Function!.Name, x.Trigger!.Route ?? x.Function.Name, x.Trigger.Methods ?? ["get"], x.Method))
            .OrderBy(o => o.Route, StringComparer.Ordinal)
            .ToList();

    [GeneratedRegex(@"\{\*{0,2}([A-Za-z0-9_]+)(?::[^}]*)?\}")]
    private static partial Regex RouteParameter();
}

/// <summary>
/// Adds the app's HTTP functions to the OpenAPI document (the ASP.NET Core routes still in <see cref="ApiPipeline"/> are
/// described by ASP.NET Core itself): path, methods, route parameters, request body, responses with their schemas, and
/// whether a bearer token is needed.
/// </summary>
internal sealed class FunctionOperationsTransformer : IOpenApiDocumentTransformer
{
    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Paths ??= new OpenApiPaths();
        foreach (var op in FunctionOperation.All)
        {
            if (!document.Paths.TryGetValue(op.Path, out var item))
                document.Paths[op.Path] = item = new OpenApiPathItem();
            var path = (OpenApiPathItem)item;
            path.Operations ??= new Dictionary<HttpMethod, OpenApiOperation>();
            foreach (var method in op.Methods)
                path.Operations[new HttpMethod(method.ToUpperInvariant())] = await OperationAsync(op, document, context, cancellationToken);
        }
    }

    private static async Task<OpenApiOperation> OperationAsync(FunctionOperation op, OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        var about = op.Method.GetCustomAttribute<OperationAttribute>();
        var roles = op.Method.GetCustomAttribute<RolesAttribute>();
        var anonymous = op.Method.GetCustomAttribute<AnonymousAttribute>() is not null;
        var operation = new OpenApiOperation
        {
            OperationId = op.Name,
            Summary = about?.Summary ?? op.Name,
            Description = anonymous ? "No token needed." : roles is null ? "Needs a bearer token." : $"Needs a bearer token with one of the roles {string.Join(", ", roles.Roles)}.",
            Tags = about is null ? null : new HashSet<OpenApiTagReference> { new(about.Tag, document) },
            Parameters = op.Parameters.Select(p => (IOpenApiParameter)new OpenApiParameter
            {
                Name = p,
                In = ParameterLocation.Path,
                Required = true,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            }).Concat(op.Method.GetCustomAttributes<QueryAttribute>().Select(q => (IOpenApiParameter)new OpenApiParameter
            {
                Name = q.Name,
                In = ParameterLocation.Query,
                Required = q.Required,
                Description = q.Description,
                Schema = new OpenApiSchema { Type = q.Integer ? JsonSchemaType.Integer : JsonSchemaType.String, Format = q.Integer ? "int32" : q.Format },
            })).ToList(),
            Responses = new OpenApiResponses(),
        };
        if (anonymous) operation.Security = [];
        if (op.Method.GetCustomAttribute<AcceptsAttribute>() is { } accepts)
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = !accepts.Optional,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = await SchemaAsync(accepts.Body, document, context, ct) } },
            };
        if (op.Method.GetCustomAttribute<AcceptsFileAttribute>() is { } file)
            operation.RequestBody = new OpenApiRequestBody { Required = true, Content = file.MediaTypes.ToDictionary(t => t, _ => new OpenApiMediaType { Schema = Binary() }) };
        foreach (var returns in op.Method.GetCustomAttributes<ReturnsAttribute>())
        {
            var response = new OpenApiResponse { Description = ReasonPhrase(returns.Status) };
            if (returns.ContentTypes is { Length: > 0 } types)
            {
                response.Content = types.ToDictionary(t => t, _ => new OpenApiMediaType { Schema = Binary() });
                // A JSON body beside the files (an answer in a format the caller picks).
                if (returns.Body is { } json) response.Content["application/json"] = new() { Schema = await SchemaAsync(json, document, context, ct) };
            }
            else if (returns.Body is { } body)
                response.Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = await SchemaAsync(body, document, context, ct) } };
            else if (returns.Status >= 400)
                response.Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = await SchemaAsync(typeof(Errors.ProblemDocument), document, context, ct) } };
            operation.Responses[returns.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = response;
        }
        return operation;
    }

    /// <summary>
    /// The schema of a body: a component named after the type, referenced (so clients see named types), and every enumeration
    /// it reaches a component as well (so an enum's names are listed once, where clients look for them). A name that another
    /// type took already keeps its schema inline.
    /// </summary>
    private static async Task<IOpenApiSchema> SchemaAsync(Type type, OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        foreach (var e in EnumsOf(type, []))
            if (document.Components?.Schemas?.ContainsKey(e.Name) != true)
                document.AddComponent<IOpenApiSchema>(e.Name, await context.GetOrCreateSchemaAsync(e, null, ct));
        var schema = await context.GetOrCreateSchemaAsync(type, null, ct);
        // A collection is described inline (an array of its items): its type name (T[], List`1) is no component name.
        if (type.IsArray || type.IsGenericType && type != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(type)) return schema;
        if (document.Components?.Schemas?.TryGetValue(type.Name, out var existing) == true)
            return Described.TryGetValue(type.Name, out var owner) && owner == type ? new OpenApiSchemaReference(type.Name, document) : schema;
        document.AddComponent<IOpenApiSchema>(type.Name, schema);
        Described[type.Name] = type;
        return new OpenApiSchemaReference(type.Name, document);
    }

    // The types this transformer made components of, by name (the document is rebuilt per request; a name is one type).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Type> Described = new(StringComparer.Ordinal);

    // The enumerations a body type reaches through its public properties, collections and nullable values.
    private static IEnumerable<Type> EnumsOf(Type type, HashSet<Type> seen)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (!seen.Add(type)) yield break;
        if (type.IsEnum) { yield return type; yield break; }
        if (type.IsPrimitive || type == typeof(string) || type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true && !type.IsGenericType) yield break;
        var inner = type.IsArray ? [type.GetElementType()!] : type.IsGenericType ? type.GetGenericArguments() : type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.PropertyType);
        foreach (var t in inner)
            foreach (var e in EnumsOf(t, seen))
                yield return e;
    }

    // A file's bytes, as OpenAPI describes a body that is not JSON.
    private static OpenApiSchema Binary() => new() { Type = JsonSchemaType.String, Format = "binary" };

    private static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } p ? p : status.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
