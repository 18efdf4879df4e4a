using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.StaticAssets;

namespace Portal.Web.Commands;

/// <summary>
/// Every page and endpoint the portal serves, with who may use it as its metadata says: for auditors, and for the
/// test that holds the documented authorization table to what the code really maps. Static files and Blazor's own
/// framework endpoints are left out (they are public by nature and hold no data).
/// </summary>
public static class RouteTable
{
    public sealed record Route(string Method, string Pattern, string Access);

    public const string Public = "public";
    public const string SignedIn = "signed-in";

    public static IReadOnlyList<Route> Read(IEndpointRouteBuilder routes) =>
        routes.DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Where(e => !IsFramework(e))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => new Route(m, Text(e.RoutePattern), Access(e))))
            .Distinct()
            .OrderBy(r => r.Pattern, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal)
            .ToList();

    public static async Task<int> PrintAsync(IEndpointRouteBuilder routes, TextWriter output)
    {
        foreach (var route in Read(routes))
        {
            await output.WriteLineAsync($"{route.Method}\t{route.Pattern}\t{route.Access}");
        }
        return CliCommand.Ok;
    }

    private static bool IsFramework(RouteEndpoint endpoint)
    {
        var pattern = Text(endpoint.RoutePattern);
        return endpoint.Metadata.GetMetadata<StaticAssetDescriptor>() is not null
            || pattern.StartsWith("/_blazor", StringComparison.Ordinal)
            || pattern.StartsWith("/_framework", StringComparison.Ordinal)
            || pattern.StartsWith("/_content", StringComparison.Ordinal);
    }

    private static string Text(RoutePattern pattern) => "/" + (pattern.RawText ?? "").TrimStart('/');

    private static string Access(Endpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return Public;
        }
        var authorize = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
        if (authorize.Count == 0)
        {
            return Public;
        }
        var policies = authorize.Select(a => a.Policy ?? a.Roles).OfType<string>().Distinct().ToList();
        return policies.Count == 0 ? SignedIn : string.Join('+', policies);
    }
}
