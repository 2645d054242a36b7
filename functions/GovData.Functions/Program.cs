using GovData.Functions.Hosting;
using GovData.Functions.Identity;

// `GovData.Functions dev-token --department ... --jurisdiction ... --roles A,B [--user u]` prints a dev token and exits.
if (args.Length > 0 && args[0] == "dev-token")
    return DevTokenCommand.Run(args[1..]);

var builder = WebApplication.CreateBuilder(args);
builder.AddGovData();
var app = builder.Build();
app.UseGovData();
app.Run();
return 0;

/// <summary>Entry point type, visible to the end-to-end tests' WebApplicationFactory.</summary>
public partial class Program;
