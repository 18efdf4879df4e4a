using System.Security.Claims;
using Portal.Ledger.Funds;

namespace Portal.Web.Identity;

/// <summary>The claims that carry who a user is on the ledger, and how to turn a principal into a fund actor.</summary>
public static class PortalClaims
{
    public const string ActorId = "portal:actor";
    public const string Department = "portal:department";
    public const string DisplayName = "portal:name";

    public static Actor ToActor(this ClaimsPrincipal principal)
    {
        var actor = principal.FindFirstValue(ActorId) ?? throw new InvalidOperationException("The principal carries no actor id.");
        var roles = principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return new Actor(actor, principal.FindFirstValue(DisplayName) ?? actor, principal.FindFirstValue(Department), roles);
    }
}

/// <summary>Authorization policies, one per role a page or endpoint needs.</summary>
public static class Policies
{
    public const string Official = "Official";
    public const string Approver = "Approver";
    public const string Supervisor = "Supervisor";
    public const string Administrator = "Administrator";
    public const string Bank = "Bank";

    /// <summary>Who may read an individual's name behind its commitment: supervisors (signed in) and the paying bank (API key).</summary>
    public const string PersonalDataReader = "PersonalDataReader";

    public static void Add(Microsoft.AspNetCore.Authorization.AuthorizationBuilder builder)
    {
        builder.AddPolicy(Official, p => p.RequireAuthenticatedUser().RequireRole(Roles.Official));
        // Supervisors also decide (their sign-off above the policy's top threshold is an approval step).
        builder.AddPolicy(Approver, p => p.RequireAuthenticatedUser().RequireRole(Roles.Approver, Roles.Supervisor));
        builder.AddPolicy(Supervisor, p => p.RequireAuthenticatedUser().RequireRole(Roles.Supervisor));
        builder.AddPolicy(Administrator, p => p.RequireAuthenticatedUser().RequireRole(Roles.Administrator));
        builder.AddPolicy(PersonalDataReader, p => p
            .AddAuthenticationSchemes(Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme, ApiKeyAuthentication.SchemeName)
            .RequireAuthenticatedUser().RequireRole(Roles.Supervisor, Roles.Bank));
        builder.AddPolicy(Bank, p => p.AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName).RequireAuthenticatedUser().RequireRole(Roles.Bank));
    }
}
