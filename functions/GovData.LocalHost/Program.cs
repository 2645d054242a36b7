using GovData.Functions.Identity;
using GovData.LocalHost;

// `GovData.LocalHost dev-token --department ... --jurisdiction ... --roles A,B [--user u]` prints a dev token and exits.
if (args.Length > 0 && args[0] == "dev-token")
    return DevTokenCommand.Run(args[1..]);

using var host = LocalFunctionsHost.Create(new LocalHostStart { Args = args });
host.Run();
return 0;
