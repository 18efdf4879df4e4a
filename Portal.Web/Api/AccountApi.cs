using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Portal.Web.Identity;

namespace Portal.Web.Api;

/// <summary>
/// Sign-in for scripts and tests (the browser uses the sign-in page): a cookie plus an antiforgery token; and sign-out,
/// for scripts and for the browser's form.
/// </summary>
public static class AccountApi
{
    public sealed record LoginRequest(string? UserName, string? Password);

    public sealed record LoginResponse(string UserName, string DisplayName, IReadOnlyList<string> Roles, string? Department, string AntiforgeryToken);

    public static IEndpointRouteBuilder MapAccountApi(this IEndpointRouteBuilder routes)
    {
        var account = routes.MapGroup("/api/account").WithTags("Account");
        account.MapPost("/login", LoginAsync).AllowAnonymous().DisableAntiforgery();
        account.MapPost("/logout", async (SignInManager<PortalUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.NoContent();
        }).RequireAuthorization().AddEndpointFilter(IdentitySetup.RequireAntiforgeryForCookies);
        account.MapGet("/antiforgery", (HttpContext context, IAntiforgery antiforgery) =>
            TypedResults.Ok(new { token = antiforgery.GetAndStoreTokens(context).RequestToken })).RequireAuthorization();
        // The browser's sign-out: a form post with the page's antiforgery token.
        routes.MapPost("/account/logout", async (HttpContext context, IAntiforgery antiforgery, SignInManager<PortalUser> signIn) =>
        {
            await antiforgery.ValidateRequestAsync(context);
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/");
        }).RequireAuthorization().DisableAntiforgery().ExcludeFromDescription();
        return routes;
    }

    private static async Task<Results<Ok<LoginResponse>, ProblemHttpResult>> LoginAsync(
        LoginRequest body, HttpContext context, SignInManager<PortalUser> signIn, UserManager<PortalUser> users, IAntiforgery antiforgery)
    {
        if (string.IsNullOrWhiteSpace(body.UserName) || string.IsNullOrEmpty(body.Password) || body.UserName.Length > 256 || body.Password.Length > 1024)
        {
            return Problems.BadRequest("Give a user name and a password.");
        }
        var user = await users.FindByNameAsync(body.UserName);
        var result = user is null ? SignInResult.Failed : await signIn.PasswordSignInAsync(user, body.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Account locked",
                detail: user!.IsLockedByAdministrator()
                    ? "This account is locked by an administrator."
                    : "Too many failed sign-ins: this account is locked for 15 minutes.");
        }
        if (!result.Succeeded)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed", detail: "Unknown user name or wrong password.");
        }
        // Antiforgery tokens are bound to the user: issue this one for the principal just signed in.
        context.User = await signIn.CreateUserPrincipalAsync(user!);
        var tokens = antiforgery.GetAndStoreTokens(context);
        return TypedResults.Ok(new LoginResponse(user!.UserName!, user.DisplayName, [.. await users.GetRolesAsync(user)], user.Department, tokens.RequestToken!));
    }
}
