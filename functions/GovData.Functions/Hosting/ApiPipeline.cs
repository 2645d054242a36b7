using GovData.Functions.Workflow;
using Microsoft.DurableTask.Client;

namespace GovData.Functions.Hosting;

/// <summary>
/// The API's ASP.NET Core routes as one request pipeline (<see cref="GovDataApplication.UseGovData"/>), built once; the
/// per-feature HTTP functions in <see cref="ApiFunctions"/> hand their request to it. Features move out of it onto HTTP
/// functions of their own one at a time.
/// </summary>
public sealed class ApiPipeline(IServiceProvider services, DurableClients clients)
{
    private readonly Lazy<(RequestDelegate Pipeline, IReadOnlyList<EndpointDataSource> Sources)> _built = new(() =>
    {
        var app = new ApplicationBuilder(services);
        IReadOnlyList<EndpointDataSource> sources = [];
        app.UseGovData(endpoints => sources = endpoints.DataSources.ToList());
        return (app.Build(), sources);
    });

    /// <summary>The routes the pipeline serves.</summary>
    public IReadOnlyList<RouteEndpoint> Endpoints => _built.Value.Sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>().ToList();

    /// <summary>
    /// Serves <paramref name="request"/> through the pipeline, with the function's Durable <paramref name="client"/> for the
    /// endpoints that start or signal workflows; the response is written by the time it returns.
    /// </summary>
    public async Task<IResult> ServeAsync(HttpRequest request, DurableTaskClient client)
    {
        using var _ = clients.Use(client);
        var http = request.HttpContext;
        // The host matched the function's route already; the pipeline matches the API route inside it.
        http.SetEndpoint(null);
        http.Request.RouteValues.Clear();
        await _built.Value.Pipeline(http);
        return Results.Empty;
    }
}
