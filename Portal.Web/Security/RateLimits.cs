using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Portal.Web.Hosting;

namespace Portal.Web.Security;

/// <summary>
/// Limits on the API per caller: a token bucket for every <c>/api</c> request (signed-in callers by account,
/// others by address) and a stricter window for sign-in attempts per address, on top of the per-account lockout.
/// A refused request gets 429 with <c>Retry-After</c> and problem details. Settings under <c>RateLimits</c>;
/// a rate of 0 turns a limit off (for load benchmarks).
/// </summary>
public static partial class RateLimits
{
    public sealed class Settings
    {
        /// <summary>Requests per second each caller may make to <c>/api</c>, on average.</summary>
        public int ApiPermitsPerSecond { get; set; } = 20;

        /// <summary>How many <c>/api</c> requests a caller may make at once before the average applies.</summary>
        public int ApiBurst { get; set; } = 200;

        /// <summary>Sign-in attempts per minute from one address, across all accounts.</summary>
        public int SignInPermitsPerMinute { get; set; } = 30;

        /// <summary>Feedback submissions (and photo uploads) per minute from one address, signed in or not.</summary>
        public int FeedbackPermitsPerMinute { get; set; } = 10;

        /// <summary>Live-feed replays one address may ask for at once, before the steady rate applies.</summary>
        public int HubReplayBurst { get; set; } = 10;

        /// <summary>Live-feed replays per minute from one address, however many connections it opens.</summary>
        public int HubReplaysPerMinute { get; set; } = 30;

        public static string? Check(Settings s) =>
            new[] { s.ApiPermitsPerSecond, s.ApiBurst, s.SignInPermitsPerMinute, s.FeedbackPermitsPerMinute, s.HubReplayBurst, s.HubReplaysPerMinute }.Any(v => v < 0)
                ? "RateLimits settings are counts: none is below 0 (0 turns a limit off)."
                : null;
    }

    public static IServiceCollection AddPortalRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<Settings>(configuration, "RateLimits", Settings.Check);
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<Settings>>((options, settings) =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(Api(settings.Value), SignIn(settings.Value), Feedback(settings.Value));
            options.OnRejected = RejectAsync;
        });
        return services;
    }

    private static PartitionedRateLimiter<HttpContext> Api(Settings settings) => PartitionedRateLimiter.Create<HttpContext, string>(http =>
        // Tiles are static and cacheable: one client must be able to read the whole log at full speed.
        settings.ApiPermitsPerSecond <= 0 || !http.Request.Path.StartsWithSegments("/api") || http.Request.Path.StartsWithSegments(Portal.Web.Api.TileApi.Prefix)
            ? RateLimitPartition.GetNoLimiter(string.Empty)
            : RateLimitPartition.GetTokenBucketLimiter(Caller(http), _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = Math.Max(settings.ApiBurst, settings.ApiPermitsPerSecond),
                TokensPerPeriod = settings.ApiPermitsPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
            }));

    private static PartitionedRateLimiter<HttpContext> SignIn(Settings settings) => PartitionedRateLimiter.Create<HttpContext, string>(http =>
        settings.SignInPermitsPerMinute <= 0 || !IsSignIn(http.Request)
            ? RateLimitPartition.GetNoLimiter(string.Empty)
            : RateLimitPartition.GetFixedWindowLimiter(Address(http), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = settings.SignInPermitsPerMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            }));

    /// <summary>Anyone may send feedback: one address gets a few a minute, whoever it signs in as.</summary>
    private static PartitionedRateLimiter<HttpContext> Feedback(Settings settings) => PartitionedRateLimiter.Create<HttpContext, string>(http =>
        settings.FeedbackPermitsPerMinute <= 0 || !IsFeedback(http.Request)
            ? RateLimitPartition.GetNoLimiter(string.Empty)
            : RateLimitPartition.GetFixedWindowLimiter(Address(http), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = settings.FeedbackPermitsPerMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            }));

    private static bool IsFeedback(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && FeedbackPath().IsMatch(request.Path.Value ?? "");

    // As routing matches them: any case, an optional trailing slash.
    [System.Text.RegularExpressions.GeneratedRegex("^/api/((disbursements|requests)/[0-9]+/feedback|feedback/photos)/?$", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex FeedbackPath();

    private static bool IsSignIn(HttpRequest request)
    {
        // Routing ignores case and a trailing slash: so must this, or "/account/login/" would escape the limit.
        var path = (request.Path.Value ?? "").TrimEnd('/');
        return HttpMethods.IsPost(request.Method)
            && (path.Equals("/api/account/login", StringComparison.OrdinalIgnoreCase) || path.Equals("/account/login", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A signed-in caller is limited as an account wherever they connect from; others by address.</summary>
    private static string Caller(HttpContext http) =>
        http.User.Identity is { IsAuthenticated: true, Name: { } name } ? "user:" + name : "address:" + Address(http);

    /// <summary>The client's address (behind a trusted proxy, the forwarded one); IPv6 clients by their /64.</summary>
    public static string Address(HttpContext http)
    {
        var address = http.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            // One IPv6 host usually holds a whole /64: limiting single addresses would be no limit at all.
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            address = new IPAddress(bytes);
        }
        return address.ToString();
    }

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var signIn = IsSignIn(http.Request);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = signIn
                    ? $"Too many sign-in attempts from this address. Try again in {seconds} seconds."
                    : IsFeedback(http.Request)
                        ? $"Too much feedback from this address. Try again in {seconds} seconds."
                        : $"This client has made too many requests. Try again in {seconds} seconds.",
                Extensions = { ["retryAfterSeconds"] = seconds },
            },
        });
    }
}
