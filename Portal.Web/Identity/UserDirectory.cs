using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Ledger.Funds;

namespace Portal.Web.Identity;

/// <summary>A sign-in account as the administrator sees it.</summary>
public sealed record UserView(string Id, string UserName, string DisplayName, string? Department, IReadOnlyList<string> Roles, bool LockedOut);

/// <summary>What an administrator enters to open an account.</summary>
public sealed record NewUser(string UserName, string DisplayName, string? Department, IReadOnlyList<string> Roles);

/// <summary>A password the administrator hands to the user; it is shown once and never stored in clear.</summary>
public sealed record IssuedPassword(string UserName, string Password);

/// <summary>
/// Administration of the people who sign in: accounts, roles, lockout and password resets. Each operation runs
/// in its own scope, so a long-lived Blazor circuit never shares an Identity context between concurrent calls.
/// Every change renews the user's security stamp, which signs them out of sessions holding the old roles.
/// </summary>
public sealed partial class UserDirectory(IServiceScopeFactory scopes)
{
    public async Task<IReadOnlyList<UserView>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalIdentityDbContext>();
        var users = await db.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(cancellationToken);
        var roleNames = await db.Roles.AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.Name ?? "", cancellationToken);
        var memberships = (await db.UserRoles.AsNoTracking().ToListAsync(cancellationToken))
            .ToLookup(ur => ur.UserId, ur => roleNames.GetValueOrDefault(ur.RoleId, ""));
        var now = DateTimeOffset.UtcNow;
        return users.ConvertAll(u => new UserView(u.Id, u.UserName ?? "", u.DisplayName, u.Department,
            [.. memberships[u.Id].Order(StringComparer.Ordinal)], u.LockoutEnd is { } end && end > now));
    }

    public async Task<IssuedPassword> CreateAsync(NewUser user, IReadOnlyCollection<string> knownDepartments, CancellationToken cancellationToken = default)
    {
        var userName = (user.UserName ?? "").Trim();
        if (!UserNamePattern().IsMatch(userName))
        {
            throw new UserDirectoryException(UserDirectoryError.InvalidUserName);
        }
        var displayName = (user.DisplayName ?? "").Trim();
        if (displayName.Length is 0 or > 100)
        {
            throw new UserDirectoryException(UserDirectoryError.InvalidDisplayName);
        }
        var roles = CheckRoles(user.Roles, user.Department, knownDepartments);
        await using var scope = scopes.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        if (await manager.FindByNameAsync(userName) is not null)
        {
            throw new UserDirectoryException(UserDirectoryError.UserNameTaken, userName);
        }
        var account = new PortalUser
        {
            UserName = userName,
            DisplayName = displayName,
            Department = string.IsNullOrEmpty(user.Department) ? null : user.Department,
            // Opaque and never reused: the ledger records it as the actor of this person's entries forever.
            ActorId = $"user-{Guid.NewGuid():N}",
            LockoutEnabled = true,
        };
        var password = Passwords.New();
        Check(await manager.CreateAsync(account, password));
        Check(await manager.AddToRolesAsync(account, roles));
        return new IssuedPassword(userName, password);
    }

    public async Task SetRolesAsync(string userId, IReadOnlyList<string> roles, string? department, IReadOnlyCollection<string> knownDepartments, string actingUserName, CancellationToken cancellationToken = default)
    {
        var wanted = CheckRoles(roles, department, knownDepartments);
        await using var scope = scopes.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var account = await FindAsync(manager, userId);
        var current = await manager.GetRolesAsync(account);
        if (account.UserName == actingUserName && current.Contains(Roles.Administrator) && !wanted.Contains(Roles.Administrator))
        {
            throw new UserDirectoryException(UserDirectoryError.OwnAdministratorRole);
        }
        account.Department = string.IsNullOrEmpty(department) ? null : department;
        Check(await manager.UpdateAsync(account));
        Check(await manager.RemoveFromRolesAsync(account, current.Except(wanted)));
        Check(await manager.AddToRolesAsync(account, wanted.Except(current)));
        Check(await manager.UpdateSecurityStampAsync(account));
    }

    public async Task SetLockedAsync(string userId, bool locked, string actingUserName, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var account = await FindAsync(manager, userId);
        if (locked && account.UserName == actingUserName)
        {
            throw new UserDirectoryException(UserDirectoryError.OwnLock);
        }
        Check(await manager.SetLockoutEnabledAsync(account, true));
        Check(await manager.SetLockoutEndDateAsync(account, locked ? DateTimeOffset.MaxValue : null));
        if (!locked)
        {
            Check(await manager.ResetAccessFailedCountAsync(account));
        }
        Check(await manager.UpdateSecurityStampAsync(account));
    }

    public async Task<IssuedPassword> ResetPasswordAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var account = await FindAsync(manager, userId);
        var password = Passwords.New();
        Check(await manager.ResetPasswordAsync(account, await manager.GeneratePasswordResetTokenAsync(account), password));
        return new IssuedPassword(account.UserName ?? "", password);
    }

    private static List<string> CheckRoles(IReadOnlyList<string>? roles, string? department, IReadOnlyCollection<string> knownDepartments)
    {
        var wanted = (roles ?? []).Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            throw new UserDirectoryException(UserDirectoryError.NoRole);
        }
        if (wanted.FirstOrDefault(r => !Roles.People.Contains(r)) is { } unknown)
        {
            throw new UserDirectoryException(UserDirectoryError.UnknownRole, unknown);
        }
        var needsDepartment = wanted.Any(r => r is Roles.Official or Roles.Approver);
        if (needsDepartment && string.IsNullOrEmpty(department))
        {
            throw new UserDirectoryException(UserDirectoryError.NoDepartment);
        }
        if (!string.IsNullOrEmpty(department) && !knownDepartments.Contains(department))
        {
            throw new UserDirectoryException(UserDirectoryError.UnknownDepartment, department);
        }
        return wanted;
    }

    private static async Task<PortalUser> FindAsync(UserManager<PortalUser> manager, string userId) =>
        await manager.FindByIdAsync(userId) ?? throw new UserDirectoryException(UserDirectoryError.AccountGone);

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw UserDirectoryException.IdentityRefused(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9._-]{2,31}$")]
    private static partial Regex UserNamePattern();
}
