using Microsoft.Extensions.Logging.Console;

namespace Portal.Web.Operations;

/// <summary>
/// Console logs as a log collector reads them: with <c>Logging:Console:FormatterName=json</c>, one JSON object per
/// line with its event ID, template, arguments, UTC time and scopes (the request's <c>RequestId</c>, the trace's
/// <c>TraceId</c> and <c>SpanId</c>). Values under <c>Logging:Console:FormatterOptions</c> still win.
/// </summary>
public static class LoggingSetup
{
    public static WebApplicationBuilder AddPortalLogging(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<JsonConsoleFormatterOptions>(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        builder.Services.Configure<JsonConsoleFormatterOptions>(builder.Configuration.GetSection("Logging:Console:FormatterOptions"));
        return builder;
    }
}
