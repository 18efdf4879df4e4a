using Portal.Web.Hosting;

namespace Portal.Web.Demo;

/// <summary>The demo's settings, under <c>Demo</c>: never set in production.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>Seed the demo when the database is empty, and (re)create the demo accounts, printing their credentials.</summary>
    public bool Seed { get; set; }

    /// <summary>How many requests the seeded demo generates.</summary>
    public int Requests { get; set; } = 2_000;

    /// <summary>Keep a steady flow of new requests, approvals, payments and usage reports.</summary>
    public bool Simulate { get; set; }

    /// <summary>How often the simulator acts.</summary>
    public int SimulateIntervalMs { get; set; } = 2_000;

    /// <summary>
    /// Approve and pay only in office hours, on working days in Guiyang, as the real offices and bank do (filings and
    /// usage reports go on around the clock); off, the simulator also decides and pays at night, which
    /// off-hours-decision flags.
    /// </summary>
    public bool SimulateOfficeHours { get; set; } = true;

    public static string? Check(DemoOptions o) =>
        o.Requests is < 0 or > 10_000_000 ? $"{Section}:Requests is between 0 and 10000000, not {o.Requests}."
        : o.SimulateIntervalMs < 200 ? $"{Section}:SimulateIntervalMs is at least 200, not {o.SimulateIntervalMs}."
        : null;
}

public static class DemoServices
{
    public static IServiceCollection AddPortalDemo(this IServiceCollection services, IConfiguration configuration, bool serving)
    {
        services.AddValidatedOptions<DemoOptions>(configuration, DemoOptions.Section, DemoOptions.Check);
        services.AddScoped<Identity.DemoAccounts>();
        services.AddSingleton<DemoGenerator>();
        services.AddSingleton<ScaleGenerator>();
        if (serving && configuration.GetSection(DemoOptions.Section).Get<DemoOptions>() is { Simulate: true })
        {
            services.AddHostedService<DemoSimulator>();
        }
        return services;
    }
}
