using Microsoft.AspNetCore.Identity;

namespace Portal.Web.Identity;

/// <summary>A person who signs in. What they do is recorded on the ledger under <see cref="ActorId"/>.</summary>
public sealed class PortalUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>The department the user acts for (officials and approvers), or null.</summary>
    public string? Department { get; set; }

    /// <summary>The opaque id the ledger records as the actor of this user's entries.</summary>
    public string ActorId { get; set; } = "";

    /// <summary>Whether the lock is an administrator's (it has no end) rather than the lockout after failed sign-ins.</summary>
    public bool IsLockedByAdministrator() => LockoutEnd is { } end && end > DateTimeOffset.UtcNow.AddYears(1);
}

/// <summary>A system client of the API, such as the paying bank. Only a SHA-256 of its key is stored.</summary>
public sealed class ApiClient
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string ActorId { get; set; }
    public required string Role { get; set; }
    public required byte[] KeyHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public bool Revoked { get; set; }
}
