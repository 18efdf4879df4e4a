using Portal.Web.Commands;
using Portal.Web.Hosting;

// The witness and the monitor are the portal's outside auditors: no portal configuration, database or key.
if (args is [WitnessCommand.Name, .. var witnessArgs])
{
    return await WitnessCommand.RunAsync(witnessArgs, Console.Out, Console.Error);
}
if (args is [MonitorCommand.Name, .. var monitorArgs])
{
    return await MonitorCommand.RunAsync(monitorArgs, Console.Out, Console.Error);
}

var (command, hostArgs) = CliCommand.Parse(args);
var builder = WebApplication.CreateBuilder(hostArgs);
builder.AddPortal(runAsCommand: command is not null);
var app = builder.Build();

if (command is not null)
{
    if (command.NeedsEndpoints)
    {
        app.UsePortal();
        return await RouteTable.PrintAsync(app, Console.Out);
    }
    return await command.RunAsync(app.Services, Console.Out, Console.Error, CancellationToken.None);
}

app.UsePortal();
await app.RunAsync();
return 0;

/// <summary>Entry point type, visible to the integration tests.</summary>
public partial class Program;
