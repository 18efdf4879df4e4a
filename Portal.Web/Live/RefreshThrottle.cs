namespace Portal.Web.Live;

/// <summary>
/// Runs a page's refresh at most once per <paramref name="delay"/>, however often it is asked for: the first request
/// schedules it, those that come while it waits join it. A refresh that fails is handed to <paramref name="failed"/>
/// (a component's <c>DispatchExceptionAsync</c>, so the failure reaches the circuit as a failed render would),
/// never dropped. Disposing cancels a refresh still waiting.
/// </summary>
public sealed class RefreshThrottle(TimeSpan delay, Func<Exception, Task> failed) : IDisposable
{
    // Cancelled, not disposed: a refresh still waiting reads its token after the page has gone.
    private readonly CancellationTokenSource _stopped = new();
    private Task? _pending;

    public void Request(Func<Task> refresh)
    {
        if (_pending is null || _pending.IsCompleted)
        {
            _pending = RunAsync(refresh);
        }
    }

    private async Task RunAsync(Func<Task> refresh)
    {
        try
        {
            await Task.Delay(delay, _stopped.Token);
            await refresh();
        }
        catch (Exception) when (_stopped.IsCancellationRequested)
        {
            // The page has gone (the wait was cancelled, or its circuit with it): nothing is left to refresh or tell.
        }
        catch (Exception ex)
        {
            await failed(ex);
        }
    }

    public void Dispose() => _stopped.Cancel();
}
