using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Funds;
using Portal.Web.Demo;

namespace Portal.Web.Identity;

/// <summary>
/// The demo's sign-in accounts, one per role, two approvers from different departments and two administrators (an
/// erasure needs one to ask and another to approve), and the paying bank's
/// API key. They exist only in the demo configuration; fresh passwords and a fresh key are generated at every
/// start and printed, so no credential is ever in the repository.
/// </summary>
public sealed class DemoAccounts(UserManager<PortalUser> users, RoleManager<IdentityRole> roles, PortalIdentityDbContext db)
{
    public sealed record Credential(string UserName, string Role, string Department, string Password);

    public sealed record Credentials(IReadOnlyList<Credential> Users, string BankApiKey);

    private static readonly (string UserName, string Role, Func<Actor> Actor)[] Accounts =
    [
        ("official", Roles.Official, () => DemoActors.OfficialOf(DemoDepartments.OfficeOf("5201"))),
        ("approver", Roles.Approver, () => DemoActors.ApproverOf(DemoDepartments.OfficeOf("5201"))),
        ("approver2", Roles.Approver, () => DemoActors.ProvinceApprover),
        ("supervisor", Roles.Supervisor, () => DemoActors.Supervisor),
        ("admin", Roles.Administrator, () => DemoActors.Administrator),
        ("admin2", Roles.Administrator, () => DemoActors.SecondAdministrator),
    ];

    public async Task<Credentials> EnsureAsync(CancellationToken cancellationToken)
    {
        await IdentitySetup.EnsureRolesAsync(roles);
        var credentials = new List<Credential>();
        foreach (var (userName, role, actorOf) in Accounts)
        {
            var actor = actorOf();
            var user = await users.FindByNameAsync(userName);
            if (user is null)
            {
                user = new PortalUser { UserName = userName, DisplayName = actor.DisplayName, Department = actor.Department, ActorId = actor.Id, LockoutEnabled = true };
                Check(await users.CreateAsync(user));
                Check(await users.AddToRoleAsync(user, role));
            }
            // One write per account, not four through the manager's one-change methods (every demo start, and the
            // tests start a hundred): the new password, no failed attempts or lockout, and a new security stamp, so
            // a session signed in with the old password ends.
            var password = Passwords.New();
            user.PasswordHash = users.PasswordHasher.HashPassword(user, password);
            user.AccessFailedCount = 0;
            user.LockoutEnd = null;
            Check(await users.UpdateSecurityStampAsync(user));
            credentials.Add(new Credential(userName, role, actor.Department ?? "", password));
        }

        var key = ApiKeyAuthentication.NewKey();
        var bank = await db.ApiClients.FirstOrDefaultAsync(c => c.ActorId == DemoActors.Bank.Id, cancellationToken);
        if (bank is null)
        {
            db.ApiClients.Add(new ApiClient { Name = DemoActors.Bank.DisplayName, ActorId = DemoActors.Bank.Id, Role = Roles.Bank, KeyHash = ApiKeyAuthentication.Hash(key), CreatedAt = DateTimeOffset.UtcNow });
        }
        else
        {
            bank.KeyHash = ApiKeyAuthentication.Hash(key);
            bank.Revoked = false;
        }
        await db.SaveChangesAsync(cancellationToken);
        return new Credentials(credentials, key);
    }

    public static void Print(Credentials credentials, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("Demo accounts (this start only; new passwords are generated at every start):");
        foreach (var c in credentials.Users)
        {
            output.WriteLine($"  {c.UserName,-11} {c.Role,-14} {c.Department,-12} password: {c.Password}");
        }
        output.WriteLine($"  Paying bank API key (Authorization: ApiKey <key>): {credentials.BankApiKey}");
        output.WriteLine();
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
