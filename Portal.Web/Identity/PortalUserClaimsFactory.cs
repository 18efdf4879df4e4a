using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Portal.Web.Identity;

/// <summary>Adds the ledger actor id, department and display name to a signed-in user's principal.</summary>
public sealed class PortalUserClaimsFactory(UserManager<PortalUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<PortalUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PortalUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(PortalClaims.ActorId, user.ActorId));
        identity.AddClaim(new Claim(PortalClaims.DisplayName, user.DisplayName));
        if (user.Department is not null)
        {
            identity.AddClaim(new Claim(PortalClaims.Department, user.Department));
        }
        return identity;
    }
}
