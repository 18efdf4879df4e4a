namespace Portal.Web.Operations;

/// <summary>
/// Once the portal is stopping (SIGTERM), it takes no new command: anything but a read is answered 503 with
/// <c>Retry-After</c> and <c>Connection: close</c>, before it touches the ledger, so the proxy or the client sends it to
/// another instance. Commands already accepted finish: the writer commits them and their callers get their answers.
/// </summary>
public sealed class ShutdownGate(RequestDelegate next, IHostApplicationLifetime lifetime)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!lifetime.ApplicationStopping.IsCancellationRequested || IsRead(context.Request.Method))
        {
            return next(context);
        }
        context.Response.Headers.RetryAfter = "1";
        context.Response.Headers.Connection = "close";
        return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The portal is shutting down",
            detail: "This instance is stopping and takes no new commands; nothing of this one was recorded. Send it again.").ExecuteAsync(context);
    }

    private static bool IsRead(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);
}
