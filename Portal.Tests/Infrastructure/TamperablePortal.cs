namespace Portal.Tests.Infrastructure;

/// <summary>
/// A seeded portal for tests that change its database behind its back (as an operator could) and read what it
/// then serves: without the output cache, which is keyed by the ledger's version and would otherwise go on
/// answering with what the ledger said until it grows.
/// </summary>
public sealed class TamperablePortal : SeededPortal
{
    protected override void Configure(Dictionary<string, string> environment) => environment["OutputCache__Enabled"] = "false";
}
