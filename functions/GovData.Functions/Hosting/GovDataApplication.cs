using System.Text.Json;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using GovData.Functions.Aggregation;
using GovData.Functions.Audit;
using GovData.Functions.Calendar;
using GovData.Functions.Catalog;
using GovData.Functions.Opening;
using GovData.Functions.RuleSets;
using GovData.Functions.Workflow;
using GovData.Functions.Errors;
using GovData.Functions.Hosting.Http;
using GovData.Functions.Health;
using GovData.Functions.Identity;
using GovData.Functions.Notifications;
using GovData.Functions.RateLimiting;
using GovData.Functions.Reference;
using GovData.Functions.Sharing;
using GovData.Functions.Sharing.ChangeNotices;
using GovData.Functions.Storage;
using GovData.Functions.Supervision;
using GovData.Functions.Triggers;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Scalar.AspNetCore;

namespace GovData.Functions.Hosting;

/// <summary>Composes the whole app: services in <see cref="AddGovData"/>; the ASP.NET Core routes still served through <see cref="ApiPipeline"/> in <see cref="UseGovData"/>.</summary>
public static class GovDataApplication
{
    /// <summary>The activity source and meter prefix of GovData's own telemetry.</summary>
    public const string TelemetryPrefix = "GovData";

    /// <summary>Registers every service of the app: the same under the Functions host and under the local host.</summary>
    public static IServiceCollection AddGovData(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddSingleton(TimeProvider.System);
        services.ConfigureHttpJsonOptions(o => JsonDefaults.ConfigureApi(o.SerializerOptions));
        services.AddSingleton(JsonDefaults.Storage);
        services.AddRouting();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            ctx.ProblemDetails.Extensions["traceId"] = System.Diagnostics.Activity.Current?.TraceId.ToString() ?? ctx.HttpContext.TraceIdentifier;
            ctx.ProblemDetails.Instance ??= ctx.HttpContext.Request.Path;
        });
        services.AddExceptionHandler<GovDataExceptionHandler>();

        services.AddGovDataStorage(configuration);
        services.AddGovDataIdentity(configuration, environment);
        services.AddGovDataHealth();
        services.AddGovDataRateLimiting(configuration);
        services.AddSingleton<TableAuditLog>();
        services.AddSingleton<ChainedAuditLog>();
        services.AddSingleton<IAuditLog>(sp => sp.GetRequiredService<ChainedAuditLog>());
        services.AddAuditRetention();
        services.AddAuditTrailOperations();
        services.AddUsageReports();

        services.AddSingleton<ApiPipeline>();
        services.AddSingleton<IHttpFunctionFilter, HttpFunctionGate>();

        services.AddSingleton<ReferenceStore>();
        services.AddSingleton<JurisdictionOperations>();
        services.AddSingleton<CalendarService>();
        services.AddSingleton<CalendarOperations>();
        services.AddSingleton<RuleSetService>();
        services.AddSingleton<DurableClients>();
        services.AddSingleton<DeadlineClock>();
        services.AddSingleton<StatutoryDeadlines>();
        services.AddSingleton<DeadlineWorkQueue>();
        services.AddCrashPoints();
        services.AddSingleton<ISupervisionEvents, QueuedSupervisionEvents>();
        services.AddCatalog();
        services.AddAggregation(configuration);
        services.AddSharing(configuration);
        services.AddSharingData(configuration);
        services.AddChangeNotices(configuration, environment);
        services.AddOpening(configuration);
        services.AddSupervision();
        services.AddNotifications();
        services.AddOptions<SeedOptions>().Bind(configuration.GetSection("Seed"));
        services.AddHostedService<DemoSeeder>();

        services.AddOpenApi(o => o.AddDocumentTransformer<BearerSecuritySchemeTransformer>().AddDocumentTransformer<FunctionOperationsTransformer>()
            .AddDocumentTransformer<DateBoundsTransformer>().AddSchemaTransformer<Errors.LabelledEnumSchemaTransformer>());
        AddTelemetry(services, configuration, environment);
        return services;
    }

    /// <summary>The request pipeline of the API endpoints that are still ASP.NET Core routes: errors, body limits, authentication, rate limits, authorization.</summary>
    public static IApplicationBuilder UseGovData(this IApplicationBuilder app, Action<IEndpointRouteBuilder>? mapped = null)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRouting();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        // A path that matches no endpoint is 404 for everyone; there is nothing there to protect with a 401.
        app.Use((context, next) =>
        {
            if (context.GetEndpoint() is not null) return next(context);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        app.UseAuthentication();
        // After authentication, so a token holder is limited as a user and an anonymous caller by address.
        app.UseRateLimiter();
        app.UseAuthorization();
        // A JSON body in a charset the API does not read is refused before any endpoint reads it (after the token checks, as in the gate).
        app.Use(async (context, next) =>
        {
            if (JsonCharset.Check(context.Request) is { } unsupported) await unsupported.ExecuteAsync(context);
            else await next(context);
        });
        app.UseEndpoints(endpoints =>
        {
            endpoints.MapGovData();
            mapped?.Invoke(endpoints);
        });
        return app;
    }

    /// <summary>Maps the endpoints that are still ASP.NET Core routes: the OpenAPI document and the API reference page.</summary>
    public static IEndpointRouteBuilder MapGovData(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi("/api/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/api/docs", o => o
            .WithTitle("GovData API")
            .WithOpenApiRoutePattern("/api/openapi/{documentName}.json")).AllowAnonymous();

        return app;
    }

    private static void AddTelemetry(IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var connection = configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"];
        var clientId = configuration["Storage:ManagedIdentityClientId"];
        var otel = services.AddOpenTelemetry();
        otel.WithTracing(t =>
        {
            t.AddAspNetCoreInstrumentation().AddSource(TelemetryPrefix + ".*");
            if (!string.IsNullOrEmpty(connection))
                t.AddAzureMonitorTraceExporter(o => { o.ConnectionString = connection; o.Credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId }); });
        });
        otel.WithMetrics(m =>
        {
            m.AddAspNetCoreInstrumentation().AddMeter(TelemetryPrefix + ".*");
            if (!string.IsNullOrEmpty(connection))
                m.AddAzureMonitorMetricExporter(o => { o.ConnectionString = connection; o.Credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId }); });
        });
        if (!environment.IsDevelopment())
            services.AddLogging(l => l.AddJsonConsole(o => o.IncludeScopes = true));
    }
}
