using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Ledger.Funds;
using Portal.Ledger.Storage;
using Portal.Tests.Infrastructure;
using Portal.Web.Identity;

namespace Portal.Tests.Web;

/// <summary>The administrator's account directory on a real Identity database.</summary>
public sealed class UserDirectoryTests : IAsyncLifetime
{
    private static readonly string[] Departments = ["5201-pao", "gz-finance"];

    private TestDatabase _database = null!;
    private ServiceProvider _services = null!;

    private UserDirectory Directory => _services.GetRequiredService<UserDirectory>();

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddPortalIdentity(_database.Options);
        services.AddSingleton<UserDirectory>();
        _services = services.BuildServiceProvider();
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PortalIdentityDbContext>().Database.MigrateAsync();
        await IdentitySetup.EnsureRolesAsync(scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>());
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_new_account_gets_an_opaque_actor_id_its_roles_and_a_password_that_signs_in()
    {
        var issued = await Directory.CreateAsync(new NewUser("clerk", "Wang Li", "5201-pao", [Roles.Official, Roles.Approver]), Departments);

        var user = Assert.Single(await Directory.ListAsync());
        Assert.Equal("clerk", user.UserName);
        Assert.Equal([Roles.Approver, Roles.Official], user.Roles);
        Assert.Equal("5201-pao", user.Department);
        Assert.False(user.LockedOut);
        await using var scope = _services.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var account = (await manager.FindByNameAsync("clerk"))!;
        Assert.Matches("^user-[0-9a-f]{32}$", account.ActorId);
        Assert.True(await manager.CheckPasswordAsync(account, issued.Password));
        Assert.Equal(16, issued.Password.Length);
    }

    [Theory]
    [InlineData("Clerk", "Wang Li", "5201-pao", "Official", "user name is 3 to 32")]
    [InlineData("c", "Wang Li", "5201-pao", "Official", "user name is 3 to 32")]
    [InlineData("clerk", "  ", "5201-pao", "Official", "Enter the person's name")]
    [InlineData("clerk", "Wang Li", null, "Official", "act for a department")]
    [InlineData("clerk", "Wang Li", "nowhere", "Official", "not a department on the ledger")]
    [InlineData("clerk", "Wang Li", "5201-pao", "Bank", "not a role people can hold")]
    [InlineData("clerk", "Wang Li", "5201-pao", "", "at least one role")]
    public async Task Bad_accounts_are_refused_with_a_reason_and_nothing_is_created(string userName, string displayName, string? department, string role, string reason)
    {
        var refusal = await Assert.ThrowsAsync<UserDirectoryException>(() =>
            Directory.CreateAsync(new NewUser(userName, displayName, department, role.Length == 0 ? [] : [role]), Departments));
        Assert.Contains(reason, refusal.Message, StringComparison.Ordinal);
        Assert.Empty(await Directory.ListAsync());
    }

    [Fact]
    public async Task A_user_name_is_taken_once()
    {
        await Directory.CreateAsync(new NewUser("clerk", "Wang Li", "5201-pao", [Roles.Official]), Departments);
        var refusal = await Assert.ThrowsAsync<UserDirectoryException>(() =>
            Directory.CreateAsync(new NewUser("clerk", "Li Wang", "5201-pao", [Roles.Official]), Departments));
        Assert.Contains("taken", refusal.Message, StringComparison.Ordinal);
        Assert.Single(await Directory.ListAsync());
    }

    [Fact]
    public async Task Roles_change_and_renew_the_security_stamp_but_an_administrator_cannot_demote_or_lock_themself()
    {
        await Directory.CreateAsync(new NewUser("root", "Administrator", null, [Roles.Administrator]), Departments);
        await Directory.CreateAsync(new NewUser("clerk", "Wang Li", "5201-pao", [Roles.Official]), Departments);
        var users = await Directory.ListAsync();
        var root = users.Single(u => u.UserName == "root");
        var clerk = users.Single(u => u.UserName == "clerk");
        var stamp = await StampAsync("clerk");

        await Directory.SetRolesAsync(clerk.Id, [Roles.Approver], "gz-finance", Departments, actingUserName: "root");
        var changed = (await Directory.ListAsync()).Single(u => u.UserName == "clerk");
        Assert.Equal([Roles.Approver], changed.Roles);
        Assert.Equal("gz-finance", changed.Department);
        Assert.NotEqual(stamp, await StampAsync("clerk"));

        var demotion = await Assert.ThrowsAsync<UserDirectoryException>(() => Directory.SetRolesAsync(root.Id, [Roles.Supervisor], null, Departments, actingUserName: "root"));
        Assert.Contains("your own administrator role", demotion.Message, StringComparison.Ordinal);
        var selfLock = await Assert.ThrowsAsync<UserDirectoryException>(() => Directory.SetLockedAsync(root.Id, locked: true, actingUserName: "root"));
        Assert.Contains("your own account", selfLock.Message, StringComparison.Ordinal);
        Assert.Equal([Roles.Administrator], (await Directory.ListAsync()).Single(u => u.UserName == "root").Roles);
    }

    [Fact]
    public async Task A_locked_account_is_refused_with_the_administrators_reason_until_unlocked()
    {
        var issued = await Directory.CreateAsync(new NewUser("clerk", "Wang Li", "5201-pao", [Roles.Official]), Departments);
        var clerk = Assert.Single(await Directory.ListAsync());

        await Directory.SetLockedAsync(clerk.Id, locked: true, actingUserName: "root");
        Assert.True(Assert.Single(await Directory.ListAsync()).LockedOut);
        await using (var scope = _services.CreateAsyncScope())
        {
            var manager = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var account = (await manager.FindByNameAsync("clerk"))!;
            Assert.True(await manager.IsLockedOutAsync(account));
            Assert.True(account.IsLockedByAdministrator());
        }

        await Directory.SetLockedAsync(clerk.Id, locked: false, actingUserName: "root");
        Assert.False(Assert.Single(await Directory.ListAsync()).LockedOut);
        var reset = await Directory.ResetPasswordAsync(clerk.Id);
        Assert.NotEqual(issued.Password, reset.Password);
        await using (var scope = _services.CreateAsyncScope())
        {
            var manager = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var account = (await manager.FindByNameAsync("clerk"))!;
            Assert.False(await manager.CheckPasswordAsync(account, issued.Password));
            Assert.True(await manager.CheckPasswordAsync(account, reset.Password));
        }
    }

    private async Task<string?> StampAsync(string userName)
    {
        await using var scope = _services.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        return (await manager.FindByNameAsync(userName))!.SecurityStamp;
    }
}
