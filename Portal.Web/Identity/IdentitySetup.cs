using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Portal.Ledger.Funds;
using Portal.Ledger.Storage;

namespace Portal.Web.Identity;

public static class IdentitySetup
{
    public const string AntiforgeryHeader = "X-CSRF-TOKEN";

    public static IServiceCollection AddPortalIdentity(this IServiceCollection services, StorageOptions storage)
    {
        switch (storage.Provider)
        {
            case DatabaseProvider.Sqlite:
                AddStore<SqliteIdentityDbContext>(services, storage);
                break;
            case DatabaseProvider.PostgreSql:
                AddStore<PostgresIdentityDbContext>(services, storage);
                break;
            case DatabaseProvider.SqlServer:
                AddStore<SqlServerIdentityDbContext>(services, storage);
                break;
        }
        services.AddIdentity<PortalUser, IdentityRole>(o =>
            {
                o.Password.RequiredLength = 12;
                // Length over composition rules (NIST SP 800-63B).
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireDigit = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.User.RequireUniqueEmail = false;
            })
            .AddEntityFrameworkStores<PortalIdentityDbContext>()
            .AddClaimsPrincipalFactory<PortalUserClaimsFactory>()
            .AddDefaultTokenProviders();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "portal.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/denied";
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            // API callers get status codes, not redirects to a sign-in page.
            o.Events.OnRedirectToLogin = context => ApiStatus(context, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = context => ApiStatus(context, StatusCodes.Status403Forbidden);
            // Signing in goes back to the page asked for, as the sign-in page does: on this site, as a header carries it.
            o.Events.OnRedirectToReturnUrl = context =>
            {
                context.Response.Redirect(Security.LocalAddress.OrHome(context.RedirectUri));
                return Task.CompletedTask;
            };
        });
        // Role changes and locks made by an administrator reach open sessions within a minute, not the default 30.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        Policies.Add(services.AddAuthorizationBuilder());
        services.AddAntiforgery(o => o.HeaderName = AntiforgeryHeader);
        services.AddCascadingAuthenticationState();
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, RevalidatingIdentityState>();
        return services;
    }

    private static void AddStore<T>(IServiceCollection services, StorageOptions storage)
        where T : PortalIdentityDbContext
    {
        services.AddDbContext<T>(o => PortalIdentityDbContext.Configure(o, storage));
        services.AddScoped<PortalIdentityDbContext>(sp => sp.GetRequiredService<T>());
    }

    private static Task ApiStatus(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }
        return Task.CompletedTask;
    }

    /// <summary>The roles people can hold, created at start-up.</summary>
    public static async Task EnsureRolesAsync(RoleManager<IdentityRole> roles)
    {
        foreach (var role in Roles.People)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                var result = await roles.CreateAsync(new IdentityRole(role));
                if (!result.Succeeded)
                {
                    throw new InvalidOperationException($"Creating role {role} failed: {string.Join("; ", result.Errors.Select(e => e.Description))}");
                }
            }
        }
    }

    /// <summary>
    /// For state-changing API calls authenticated by the browser's cookie, a valid antiforgery token in the
    /// X-CSRF-TOKEN header; API-key clients carry no ambient credential and need none.
    /// </summary>
    public static async ValueTask<object?> RequireAntiforgeryForCookies(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.User.Identity?.AuthenticationType != ApiKeyAuthentication.SchemeName)
        {
            var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Antiforgery token missing or invalid",
                    detail: $"Send the token from GET /api/account/antiforgery in the {AntiforgeryHeader} header.");
            }
        }
        return await next(context);
    }
}
