namespace Portal.Tests.Infrastructure;

/// <summary>
/// One demo-seeded portal shared by the tests of a class (a copy of the seeded template, so that it starts in
/// seconds): the fixture of most tests that speak to the portal over HTTP or drive it in Chromium.
/// </summary>
public class SeededPortal : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();

    public PortalServer Server { get; private set; } = null!;

    protected virtual void Configure(Dictionary<string, string> environment)
    {
    }

    public async ValueTask InitializeAsync()
    {
        var environment = PortalServer.SqliteEnvironment(_directory.Path, seedDemo: true);
        Configure(environment);
        await SeededTemplate.CopyToAsync(environment);
        Server = await PortalServer.StartAsync(environment);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _directory.Dispose();
        GC.SuppressFinalize(this);
    }
}
