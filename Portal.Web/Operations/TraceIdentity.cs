using System.Diagnostics;

namespace Portal.Web.Operations;

/// <summary>
/// Trace IDs for the work done on long-lived connections (the live feed's hub, Blazor circuits) when nothing
/// exports traces. SignalR does not let a connection's HTTP request stand as the parent of everything said on it;
/// it starts an activity per hub invocation, and Blazor per circuit step, but only for a listener. This listener
/// asks for their IDs only (nothing is recorded), so each log line written there carries a trace ID, as a
/// request's lines do.
/// </summary>
public static class TraceIdentity
{
    public static readonly string[] ConnectionSources =
    [
        "Microsoft.AspNetCore.SignalR.Server",
        "Microsoft.AspNetCore.Components",
        "Microsoft.AspNetCore.Components.Server.Circuits",
    ];

    private static readonly Lock Gate = new();
    private static ActivityListener? _listener;

    public static void Enable()
    {
        lock (Gate)
        {
            if (_listener is not null)
            {
                return;
            }
            _listener = new ActivityListener
            {
                ShouldListenTo = source => ConnectionSources.Contains(source.Name),
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
                SampleUsingParentId = (ref ActivityCreationOptions<string> _) => ActivitySamplingResult.PropagationData,
            };
            ActivitySource.AddActivityListener(_listener);
        }
    }
}
