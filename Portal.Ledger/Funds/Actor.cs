namespace Portal.Ledger.Funds;

/// <summary>Who issues a command: an authenticated user of the portal, or the paying bank as a system client.</summary>
/// <param name="Id">A stable, opaque identifier; it is what the ledger records as the entry's actor.</param>
/// <param name="Department">The department code the user acts for, if any.</param>
public sealed record Actor(string Id, string DisplayName, string? Department, IReadOnlySet<string> Roles)
{
    public bool IsIn(string role) => Roles.Contains(role);
}

public static class Roles
{
    public const string Official = "Official";
    public const string Approver = "Approver";
    public const string Supervisor = "Supervisor";
    public const string Administrator = "Administrator";

    /// <summary>The paying bank, an API client rather than a person.</summary>
    public const string Bank = "Bank";

    public static IReadOnlyList<string> People { get; } = [Official, Approver, Supervisor, Administrator];
}
