using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Ledger.Funds;
using Portal.Tests.Infrastructure;
using Portal.Web.Components.Layout;
using Portal.Web.Identity;
using Portal.Web.Localization;

namespace Portal.Tests.Web.Components;

/// <summary>The navigation shows each role the pages it may use, decided by the portal's real authorization policies.</summary>
public sealed class NavLinksTests : PortalComponentContext
{
    private static readonly string[] Public = ["/", "/disbursements", "/ledger", "/verify", "/api/reference"];

    public NavLinksTests()
    {
        Policies.Add(Services.AddAuthorizationBuilder());
        // The real authorization service, in place of bUnit's placeholder, so the portal's own policies decide.
        Services.Replace(ServiceDescriptor.Transient<IAuthorizationService, DefaultAuthorizationService>());
    }

    [Theory]
    [InlineData(null, new string[0])]
    [InlineData(Roles.Official, new[] { "/requests" })]
    [InlineData(Roles.Approver, new[] { "/approvals" })]
    [InlineData(Roles.Supervisor, new[] { "/approvals", "/dashboard" })]
    [InlineData(Roles.Administrator, new[] { "/admin" })]
    public void Each_role_sees_the_public_links_and_its_own_pages(string? role, string[] staffPages)
    {
        using var _ = CultureScope.Use("en");
        Services.AddSingleton<AuthenticationStateProvider>(new FixedAuthentication(role));

        foreach (var inMenu in new[] { false, true })
        {
            var links = Render<CascadingAuthenticationState>(p => p.AddChildContent<NavLinks>(n => n.Add(c => c.InMenu, inMenu)));

            var hrefs = links.FindAll("a").Select(a => a.GetAttribute("href")).ToList();
            Assert.Equal([.. Public, .. staffPages], hrefs);
        }
    }

    [Fact]
    public void The_phone_menu_lists_plain_links_and_the_bar_buttons()
    {
        using var _ = CultureScope.Use("zh-CN");
        Services.AddSingleton<AuthenticationStateProvider>(new FixedAuthentication(null));

        var menu = Render<CascadingAuthenticationState>(p => p.AddChildContent<NavLinks>(n => n.Add(c => c.InMenu, true)));
        var bar = Render<CascadingAuthenticationState>(p => p.AddChildContent<NavLinks>());

        Assert.All(menu.FindAll("a"), a => Assert.Contains("phone-nav-link", a.ClassList));
        Assert.Equal("拨付", menu.FindAll("a")[1].TextContent.Trim());
        Assert.All(bar.FindAll("a"), a => Assert.Contains("mud-button-root", a.ClassList));
    }

    private sealed class FixedAuthentication(string? role) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(role is null
            ? new ClaimsPrincipal(new ClaimsIdentity())
            : new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "someone"), new Claim(ClaimTypes.Role, role)], "test"))));
    }
}
