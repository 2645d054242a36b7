using GovData.Functions.Hosting;
using GovData.Functions.Hosting.Http;
using GovData.Functions.Identity;
using Microsoft.Extensions.Hosting;

// `GovData.Functions dev-token --department ... --jurisdiction ... --roles A,B [--user u]` prints a dev token and exits.
if (args.Length > 0 && args[0] == "dev-token")
    return DevTokenCommand.Run(args[1..]);

// Under the Functions host (Azure): the isolated worker with ASP.NET Core integration. Locally, GovData.LocalHost hosts
// the same functions (see docs/architecture.md).
var host = new HostBuilder()
    .ConfigureFunctionsWebApplication(worker => worker.UseMiddleware<HttpFunctionMiddleware>())
    .ConfigureServices((context, services) => services.AddGovData(context.Configuration, context.HostingEnvironment))
    .Build();
host.Run();
return 0;
